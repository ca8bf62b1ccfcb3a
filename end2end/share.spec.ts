// Story 7: a share link carries the plan in the URL fragment; broken or hostile links change
// nothing.
import { test, expect } from "./fixtures";
import { deflateRawSync } from "node:zlib";

function link(payload: Buffer | string): string {
  const bytes = typeof payload === "string" ? deflateRawSync(Buffer.from(payload)) : payload;
  return "/#plan=1." + bytes.toString("base64url");
}

test("the share link round-trips the plan in a fresh browser", async ({ app, browser }) => {
  await app.open();
  await app.fill("/name", "Shared plan");
  await app.remove("vms", 0);
  const url = await app.shareLink();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#plan=1\.[A-Za-z0-9_-]+$/);
  const expected = await app.savedPlan();

  // Another browser with nothing saved.
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  await page.waitForSelector("html[data-ready]");
  await expect(page.locator("#field-name")).toHaveValue("Shared plan");
  await expect(page.getByTestId("vms-item")).toHaveCount(4);
  // The fragment is removed once read, so a reload shows the saved copy, not the link again.
  expect(new URL(page.url()).hash).toBe("");
  await page.waitForTimeout(600);
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem("fabric-designer.plan.v1")!));
  expect(saved).toEqual(expected);
  expect(errors).toEqual([]);
  await context.close();
});

test("opening a link over a saved plan can be undone", async ({ app }) => {
  await app.open();
  await app.fill("/name", "Mine");
  await app.savedPlan();
  await app.open(link(JSON.stringify({ version: 1, name: "Theirs", asn: 65001 })));
  await expect(app.field("/name")).toHaveValue("Theirs");
  await app.notice.getByRole("button", { name: "Undo" }).click();
  await expect(app.field("/name")).toHaveValue("Mine");
});

for (const [what, url] of [
  ["cut short", link(JSON.stringify({ version: 1, name: "x", asn: 1 })).slice(0, 20)],
  ["not base64", "/#plan=1.<script>alert(1)</script>"],
  ["a compression bomb", link(Buffer.from(deflateRawSync(Buffer.alloc(64 << 20, 32))))],
  ["not a plan", link('{"version": 1, "asn": "nope"}')],
  ["a future version", link('{"version": 2}')],
] as const) {
  test(`a link that is ${what} shows an error and changes nothing`, async ({ app }) => {
    await app.open();
    await app.fill("/name", "Untouched");
    const before = await app.savedPlan();
    await app.open(url);
    await expect(app.notice).toHaveAttribute("role", "alert");
    await expect(app.notice).toContainText("your plan is unchanged");
    await expect(app.field("/name")).toHaveValue("Untouched");
    expect(await app.savedPlan()).toEqual(before);
    // The link stays in the address bar, so it can be corrected and tried again.
    expect(app.page.url()).toContain("#plan=");
  });
}

test("the share panel closes when the plan changes, so no stale link is copied", async ({ app }) => {
  await app.open();
  await app.shareLink();
  await app.fill("/name", "Changed after sharing");
  await expect(app.page.getByTestId("share-url")).toHaveCount(0);
});
