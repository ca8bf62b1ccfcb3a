// Story 8: nothing is lost: changes survive a reload; New plan, Load example and edits undo.
import { test, expect } from "./fixtures";
import { STORAGE_KEY } from "./pages/app";

test("a reload restores the plan", async ({ app }) => {
  await app.open();
  await app.fill("/name", "Survives reloads");
  await app.duplicate("nodes", 0);
  await app.reload();
  await expect(app.field("/name")).toHaveValue("Survives reloads");
  await expect(app.items("nodes")).toHaveCount(5);
});

test("New plan and Load example can be undone", async ({ app }) => {
  await app.open();
  await app.fill("/name", "My work");
  await app.page.getByTestId("new-plan").click();
  await expect(app.field("/name")).toHaveValue("");
  await expect(app.items("nodes")).toHaveCount(0);
  await app.page.getByTestId("notice-undo").click();
  await expect(app.field("/name")).toHaveValue("My work");

  await app.loadExample("lxd-ipv4-vxlan");
  await expect(app.field("/nodes/0/virtualization")).toHaveValue("lxd");
  await app.page.getByTestId("undo").click();
  await expect(app.field("/name")).toHaveValue("My work");
  await app.page.getByTestId("redo").click();
  await expect(app.field("/nodes/0/virtualization")).toHaveValue("lxd");
});

test("a notice's Undo undoes the step it names, or it is gone; the focus stays in the work", async ({ app }) => {
  await app.open();
  await app.fill("/name", "My work");
  await app.page.getByTestId("new-plan").click();
  await expect(app.page.getByTestId("notice-undo")).toBeVisible();
  // An edit after the replacement: the notice's Undo would now take back the edit, not the
  // new plan, so it goes; the message stays.
  await app.fill("/name", "Fresh");
  await expect(app.notice).toContainText("Started a new, empty plan.");
  await expect(app.page.getByTestId("notice-undo")).toHaveCount(0);
  await app.page.getByTestId("notice-dismiss").click();
  await expect(app.notice).toHaveCount(0);
  await expect(app.field("/name")).toBeFocused();
  // Undo from a fresh notice takes back what it names, and leaves the focus on the toolbar.
  await app.loadExample("lxd-ipv4-vxlan");
  await app.page.getByTestId("notice-undo").click();
  await expect(app.field("/name")).toHaveValue("Fresh");
  await expect(app.page.getByTestId("undo")).toBeFocused();
});

test("typing undoes a field at a time, with buttons and shortcuts", async ({ app }) => {
  await app.open();
  await app.field("/name").focus();
  await app.page.keyboard.press("End");
  await app.field("/name").pressSequentially("!!");
  await app.field("/community").fill("65000:7");
  await app.page.getByTestId("undo").click();
  await expect(app.field("/community")).toHaveValue("65000:100");
  await expect(app.field("/name")).toHaveValue("DC1 dual-stack!!");
  await app.page.keyboard.press("Control+z");
  await expect(app.field("/name")).toHaveValue("DC1 dual-stack");
  await app.page.keyboard.press("Control+Shift+z");
  await expect(app.field("/name")).toHaveValue("DC1 dual-stack!!");
  await app.reload();
  await expect(app.field("/name")).toHaveValue("DC1 dual-stack!!");
});

test("a plan replaced by Load example comes back with Undo after a reload", async ({ app }) => {
  await app.open();
  await app.fill("/name", "Hours of work");
  await app.loadExample("lxd-ipv4-vxlan");
  await expect(app.field("/nodes/0/virtualization")).toHaveValue("lxd");
  await app.reload();
  await expect(app.field("/nodes/0/virtualization")).toHaveValue("lxd");
  await app.page.getByTestId("undo").click();
  await expect(app.field("/name")).toHaveValue("Hours of work");
});

test("a tab that only looked does not overwrite what another tab saved", async ({ app, context }) => {
  await app.open();
  const other = await context.newPage();
  await other.goto(app.page.url());
  await expect(other.getByTestId("plan-title")).toHaveText("DC1 dual-stack");
  await app.fill("/name", "Saved in the first tab");
  await expect.poll(async () => (await app.savedPlan())?.name).toBe("Saved in the first tab");
  // The second tab goes away without having changed anything.
  await other.close({ runBeforeUnload: true });
  expect((await app.savedPlan()).name).toBe("Saved in the first tab");
});

test("what earlier versions kept in the browser loads: raw text under the same keys", async ({ app }) => {
  // The plan's own JSON text, the replaced plan after its label and a newline, the password
  // as typed: never JSON-encoded strings (what a typed storage API would write and expect).
  const plan = '{\n  "version": 1,\n  "name": "Kept before",\n  "asn": 64512,\n  "protection": {\n    "md5": true\n  }\n}\n';
  const replaced = '{\n  "version": 1,\n  "name": "Replaced before",\n  "asn": 65001\n}\n';
  await app.open();
  await app.page.evaluate(
    ([key, plan, replaced]) => {
      localStorage.setItem(key, plan);
      localStorage.setItem(`${key}.replaced`, `load example dc1-dual-stack\n${replaced}`);
      localStorage.setItem("fabric-designer.md5-password", "kept-secret");
    },
    [STORAGE_KEY, plan, replaced],
  );
  await app.reload();
  await expect(app.field("/name")).toHaveValue("Kept before");
  await expect(app.field("/asn")).toHaveValue("64512");
  await expect(app.page.locator("#md5-password")).toHaveValue("kept-secret");
  await expect(app.page.getByLabel("Remember the password in this browser")).toBeChecked();
  // Saved again the same way: the plan file's text.
  await app.fill("/name", "Kept and changed");
  expect((await app.savedPlan()).name).toBe("Kept and changed");
  await app.page.getByTestId("undo").click();
  await app.page.getByTestId("undo").click();
  await expect(app.field("/name")).toHaveValue("Replaced before");
});
