// The fabric's id: it names every object the fabric creates on a core, so that fabrics sharing
// a core never share one. Shown and checked in the form like any field; New plan gives one.
import { test, expect } from "./fixtures";

async function showFile(app: import("./pages/app").AppPage, path: string) {
  await app.fileButton(path).click();
  await expect(app.page.getByTestId("file-path")).toHaveText(path);
}

test("the example's id names its objects on the core, and the runbook proves them free", async ({ app }) => {
  await app.open();
  await expect(app.page.getByLabel("Fabric ID (names its core objects)")).toHaveValue("dc1");
  await showFile(app, "core/mx1/junos.conf");
  await expect(app.fileContent).toContainText("set policy-options policy-statement dc1-VM then reject");
  await expect(app.fileContent).toContainText("set protocols bgp group dc1-VM import dc1-VM");
  await showFile(app, "README.md");
  await expect(app.fileContent).toContainText("show configuration protocols bgp group dc1-VM");
});

test("a wrong id is an error at its field; no id is a warning that names the guide's objects", async ({ app }) => {
  await app.open();
  await app.fill("/id", "DC1");
  await expect(app.fieldProblems("/id")).toContainText("uppercase letter 'D'");
  await expect(app.field("/id")).toHaveAttribute("aria-invalid", "true");
  await expect(app.diagnostics("id-invalid")).toHaveCount(1);

  await app.fill("/id", "");
  await expect(app.diagnostics("id-invalid")).toHaveCount(0);
  await expect(app.diagnostics("id-missing")).toHaveCount(1);
  await expect(app.fieldProblems("/id")).toContainText("names of VMmanager's guide");
  // Without an id, the core keeps the guide's names (a fabric deployed before ids).
  await showFile(app, "core/mx1/junos.conf");
  await expect(app.fileContent).toContainText("set protocols bgp group VM import VM");
  // The saved plan has no id field at all, as a plan of before ids.
  const saved = await app.savedPlan();
  expect("id" in saved).toBe(false);
});

test("New plan starts with an id of its own and asks to name it", async ({ app }) => {
  await app.open();
  await app.page.getByTestId("new-plan").click();
  const id = await app.field("/id").inputValue();
  expect(id).toMatch(/^fabric-[a-z0-9]{4}$/);
  await expect(app.notice).toContainText(`Its fabric ID is ${id}`);
  await expect(app.diagnostics("id-missing")).toHaveCount(0);
  await expect(app.diagnostics("id-invalid")).toHaveCount(0);
});
