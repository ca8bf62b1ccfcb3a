// Story 6: save the plan (named after it), open it again (picker and drag-and-drop); a broken file
// changes nothing.
import { test, expect } from "./fixtures";
import { downloadText } from "./pages/app";

test("save then open gives the same plan", async ({ app }) => {
  await app.open();
  await app.fill("/name", "Saved and opened");
  await app.fill("/vms/1/ipv4", "203.0.113.20");
  const before = await app.savedPlan();
  const download = await app.savePlan();
  // Named after the plan, as the bundle is: saved plans do not overwrite each other.
  expect(download.suggestedFilename()).toBe("saved-and-opened.json");
  const text = await downloadText(download);
  expect(JSON.parse(text)).toEqual(before);

  await app.page.getByTestId("new-plan").click();
  expect((await app.savedPlan()).nodes).toEqual([]);

  await app.openFile("plan.json", text);
  await expect(app.notice).toContainText('Opened "plan.json"');
  await expect(app.field("/name")).toHaveValue("Saved and opened");
  expect(await app.savedPlan()).toEqual(before);
});

test("a plan can be dropped on the page", async ({ app }) => {
  await app.open();
  await app.dropFile("dropped.json", JSON.stringify({ version: 1, name: "Dropped", asn: 64512 }));
  await expect(app.field("/name")).toHaveValue("Dropped");
  await expect(app.field("/asn")).toHaveValue("64512");
});

test("a broken file shows plan-unreadable with line and column and changes nothing", async ({ app }) => {
  await app.open();
  await app.fill("/name", "Keep me");
  const before = await app.savedPlan();
  await app.openFile("broken.json", '{\n  "version": 1,\n  "asn": 65000,,\n}');
  await expect(app.notice).toHaveAttribute("role", "alert");
  await expect(app.page.getByTestId("notice-code")).toHaveText("plan-unreadable");
  await expect(app.page.getByTestId("notice-detail")).toContainText("line 3, column 16");
  await expect(app.field("/name")).toHaveValue("Keep me");
  expect(await app.savedPlan()).toEqual(before);

  // A wrong type names the field too; still nothing changes.
  await app.openFile("typed.json", '{"version": 1, "asn": "65000"}');
  await expect(app.page.getByTestId("notice-detail")).toContainText("/asn");
  expect(await app.savedPlan()).toEqual(before);
});
