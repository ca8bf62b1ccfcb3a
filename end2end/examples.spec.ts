// Story 9: start from the example plans.
import { test, expect } from "./fixtures";

test("the first visit opens the dc1-dual-stack example", async ({ app }) => {
  await app.open();
  await expect(app.field("/name")).toHaveValue("DC1 dual-stack");
});

test("every example can be loaded from the picker", async ({ app }) => {
  await app.open();
  const names = await app.page.getByTestId("example-picker").locator("option").allTextContents();
  expect(names).toEqual(["dc1-dual-stack", "lab-frr-core", "lxd-ipv4-vxlan", "mistakes"]);
  for (const name of names) {
    await app.loadExample(name);
    await expect(app.notice).toContainText(`Loaded the example "${name}"`);
    if (name === "mistakes") {
      await expect(app.problemCount).not.toContainText("0 errors");
    } else {
      await expect(app.problemCount).toContainText("0 errors");
    }
  }
});

test("a first visit says what the page is and that an example is loaded; examples in fields are marked", async ({ app, page }) => {
  await app.open();
  await expect(app.notice).toContainText("An example plan (DC1 dual-stack) is loaded");
  await expect(app.notice).toContainText("New plan starts an empty one");
  await expect(page.locator(".tagline")).toContainText("VMmanager cluster");
  await page.getByTestId("new-plan").click();
  await expect(app.field("/asn")).toHaveAttribute("placeholder", /^e\.g\. /);
  // A later visit (the plan is saved) opens without the welcome.
  await app.fill("/name", "Mine");
  await app.reload();
  await expect(app.notice).toHaveCount(0);
});
