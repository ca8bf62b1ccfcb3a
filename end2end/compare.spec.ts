// Compare with a baseline plan: what changes per device, the diff of each file marked by +/-
// (not colour alone), and the change bundle, the same as `fabric-designer diff --out` writes.
import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readZip } from "./zip";
import { readTree } from "./tree";

const root = join(__dirname, "..");

/** `fabric-designer diff OLD NEW --out DIR` into a fresh folder; returns path -> text. */
function cliDiff(oldPlan: string, newPlan: string): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "fd-diff-"));
  const out = join(dir, "change");
  const args = ["diff", oldPlan, newPlan, "--out", out];
  const bin = process.env.FABRIC_DESIGNER_BIN;
  if (bin) execFileSync(bin, args);
  else execFileSync("cargo", ["run", "-q", "--bin", "fabric-designer", "--", ...args], { cwd: root });
  return readTree(out);
}

/** No horizontal scrolling of the page itself (a wide diff scrolls inside its own box). */
async function expectNoPageOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("the plan of the last download is the baseline; the change bundle is the CLI's", async ({ app, page }) => {
  await app.open();
  await app.loadExample("dc1-dual-stack");
  await app.downloadBundle();
  await app.fill("/community", "65000:200");
  await app.expectClean();

  await page.getByTestId("compare-open").click();
  const compare = page.getByTestId("compare");
  await expect(compare).toBeVisible();
  await expect(page.locator("#compare-h")).toBeFocused();
  await page.getByTestId("compare-last-download").click();
  await expect(page.getByTestId("compare-baseline")).toHaveText("Baseline: The plan of the last download");
  await expect(page.getByTestId("compare-summary")).toHaveText("Devices: 0 added, 7 changed, 0 removed, 0 unchanged");
  await expect(page.getByTestId("compare-order").locator("li")).toHaveCount(3);
  await expect(page.getByTestId("compare-vmmanager")).toContainText("Change the cluster's BGP community from 65000:100 to 65000:200.");

  const rr1 = page.locator('[data-testid="compare-device"][data-device="route-reflectors/rr1"]');
  await expect(rr1.getByTestId("compare-status")).toHaveText("changed");
  await rr1.locator("summary").click();
  const diff = rr1.getByTestId("compare-diff").first();
  // Each changed line keeps its sign: the change is readable without colour.
  await expect(diff.locator("span.del").first()).toHaveText("-bgp community-list standard VM-COMMUNITY-65000-100 seq 5 permit 65000:100");
  await expect(diff.locator("span.add").first()).toHaveText("+bgp community-list standard VM-COMMUNITY-65000-200 seq 5 permit 65000:200");
  await expect(rr1.locator(".compare-steps li").first()).toContainText("1-before.vtysh");
  await compare.screenshot({ path: test.info().outputPath("compare-desktop.png") });

  const wait = page.waitForEvent("download");
  await page.getByTestId("compare-download").click();
  const download = await wait;
  expect(download.suggestedFilename()).toBe("change-dc1-dual-stack.zip");
  const zip = readZip(readFileSync((await download.path())!));

  const dir = mkdtempSync(join(tmpdir(), "fd-plans-"));
  const newPlan = join(dir, "new.json");
  writeFileSync(newPlan, JSON.stringify(await app.savedPlan()));
  const cli = cliDiff(join(root, "examples/dc1-dual-stack.json"), newPlan);
  expect(new Map([...zip].sort())).toEqual(new Map([...cli].sort()));
});

test("a broken baseline file changes nothing; an identical plan shows no change", async ({ app, page }) => {
  await app.open();
  await app.loadExample("dc1-dual-stack");
  await page.getByTestId("compare-open").click();
  await page.getByTestId("compare-file").setInputFiles({ name: "old.json", mimeType: "application/json", buffer: Buffer.from("{ broken") });
  await expect(page.getByTestId("compare-message")).toContainText('"old.json" was not used as the baseline');
  await expect(page.getByTestId("compare-baseline")).toHaveText("No baseline yet.");

  const same = readFileSync(join(root, "examples/dc1-dual-stack.json"));
  await page.getByTestId("compare-file").setInputFiles({ name: "old.json", mimeType: "application/json", buffer: same });
  await expect(page.getByTestId("compare-baseline")).toHaveText('Baseline: "old.json"');
  await expect(page.getByTestId("compare-nothing")).toBeVisible();
  await expect(page.getByTestId("compare-message")).toBeHidden();

  // A plan with errors cannot be compared, and says so.
  await app.fill("/asn", "0");
  await expect(page.getByTestId("compare-blocked")).toContainText("The plan has");
});

test("the diff is computed only while the view is open", async ({ page, app }) => {
  await page.addInitScript(() => {
    (window as any).fdTimings = {};
  });
  await app.open();
  await app.loadExample("dc1-dual-stack");
  await page.getByTestId("compare-open").click();
  const same = readFileSync(join(root, "examples/dc1-dual-stack.json"));
  await page.getByTestId("compare-file").setInputFiles({ name: "old.json", mimeType: "application/json", buffer: same });
  await expect(page.getByTestId("compare-nothing")).toBeVisible();
  await page.getByTestId("compare-close").click();
  await expect(page.getByTestId("compare-open")).toBeFocused();
  const before = await page.evaluate(() => (window as any).fdTimings.diff ?? 0);
  await app.fill("/community", "65000:300");
  await app.fill("/community", "65000:301");
  const after = await page.evaluate(() => (window as any).fdTimings.diff ?? 0);
  expect(after).toBe(before);
  // Open again: the baseline is kept and the change is computed.
  await page.getByTestId("compare-open").click();
  await expect(page.getByTestId("compare-summary")).toContainText("changed");
  expect(await page.evaluate(() => (window as any).fdTimings.diff)).toBeGreaterThan(before);
});

test("by keyboard, on a phone, in dark mode", async ({ app, page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await app.open();
  await app.loadExample("dc1-dual-stack");
  await app.downloadBundle();
  await app.fill("/pools/0/ranges/0", "203.0.113.0/24");
  await page.getByTestId("compare-open").focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#compare-h")).toBeFocused();
  await page.getByTestId("compare-last-download").focus();
  await page.keyboard.press("Enter");
  const core = page.locator('[data-testid="compare-device"][data-device="core/mx1"]');
  await core.locator("summary").focus();
  await page.keyboard.press("Enter");
  await expect(core.getByTestId("compare-diff").first()).toBeVisible();
  await expect(core.locator("span.add").first()).toContainText("203.0.113.0/24");
  // Dark mode: the added line's colours come from the dark palette.
  const colour = await core.locator("span.add").first().evaluate((e) => getComputedStyle(e).color);
  expect(colour).toBe("rgb(111, 212, 154)");
  await expectNoPageOverflow(page);
  await page.screenshot({ path: test.info().outputPath("compare-phone-dark.png"), fullPage: false });
});
