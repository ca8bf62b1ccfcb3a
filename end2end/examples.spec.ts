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
