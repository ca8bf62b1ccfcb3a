// The page must never stay dead: plans that once stopped it open and draw, and when drawing
// fails all the same (a test switch makes it fail), the page says so, the next load starts with
// the example and offers the plan it was drawing as a file, and a share link is not opened again.
import { test as base } from "@playwright/test";
import { test, expect } from "./fixtures";
import { AppPage, STORAGE_KEY } from "./pages/app";
import { deflateRawSync } from "node:zlib";
import { readFileSync } from "node:fs";

function link(plan: string): string {
  return "/#plan=1." + deflateRawSync(Buffer.from(plan)).toString("base64url");
}

/** A gateway of several words filled the diagram's side column and aborted the page. */
const MANY_WORDS = JSON.stringify({
  version: 1,
  asn: 65000,
  gateway: { ipv6: "2001:db8::1 2001:db8::2 2001:db8::3 2001:db8::4 2001:db8::5" },
  pools: [{ name: "p", ranges: [] }],
});

test("a plan whose gateway is several words opens, lists its problems and is drawn", async ({ app }) => {
  await app.open(link(MANY_WORDS));
  await expect(app.field("/gateway/ipv6")).toHaveValue("2001:db8::1 2001:db8::2 2001:db8::3 2001:db8::4 2001:db8::5");
  await expect(app.diagnostics("address-invalid")).toHaveCount(1);
  const diagram = app.page.getByTestId("diagram");
  await expect(diagram).toContainText("Nodes: none yet");
  // The side column is full and says so with "…" rather than losing the page.
  await expect(diagram.locator("text").filter({ hasText: /…$/ })).not.toHaveCount(0);
  // And again after a reload, from local storage.
  await app.reload();
  await expect(app.diagnostics("address-invalid")).toHaveCount(1);
  // Typed into the form, word by word, it never stops the page either.
  await app.loadExample("dc1-dual-stack");
  let gateway = "10.0.0.1";
  for (const n of [2, 3, 4, 5, 6]) {
    gateway += ` 10.0.0.${n}`;
    await app.fill("/gateway/ipv4", gateway);
  }
  await expect(app.field("/gateway/ipv4")).toHaveValue(gateway);
  await expect(app.diagnostics("address-invalid")).toHaveCount(1);
});

test("a version with a line separator is refused on one line", async ({ app }) => {
  await app.open();
  await app.openFile("odd.json", '{"version": "\\u2028\\u2029\\u0085"}');
  await expect(app.page.getByTestId("notice-code")).toHaveText("version-unsupported");
  await expect(app.page.getByTestId("notice-detail")).toHaveText(
    'plan version "\\u{2028}\\u{2029}\\u{85}" is not supported; this tool reads version 1 at /version',
  );
});

/** The app with the browser's errors recorded, for stories in which the page stops on purpose. */
const stopping = base.extend<{ app: AppPage; errors: string[] }>({
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await use(errors);
    // The failure asked for, and nothing else: its panic message and the trap that follows.
    const others = errors.filter((e) => !/drawing failed on purpose|^unreachable$|RuntimeError: unreachable/.test(e));
    expect(others, "browser errors other than the failure asked for").toEqual([]);
  },
  app: async ({ page }, use) => use(new AppPage(page)),
});

const SWITCH = "fabric-designer.test.fail-next-draw";

stopping("when drawing fails, the page says so and the next load starts with the example, offering the plan", async ({ app, errors }, info) => {
  await app.open();
  await app.fill("/name", "My precious plan");
  const saved = await app.savedPlan();
  expect(saved.name).toBe("My precious plan");

  await app.page.evaluate((key) => localStorage.setItem(key, "1"), SWITCH);
  await app.page.reload();
  const stopped = app.page.locator("#stopped");
  await expect(stopped).toBeVisible();
  await expect(stopped.getByRole("alert")).toContainText("stopped because of an internal error");
  // The app never drew: the message is the page's main landmark, with its heading.
  await expect(stopped).toHaveAttribute("role", "main");
  await expect(stopped.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(stopped).toContainText("fabric-designer stopped because of an internal error.");
  await expect(stopped).toContainText("offers your plan as a file to download");
  expect(errors.join("\n")).toContain("drawing failed on purpose");
  const shot = info.outputPath("stopped.png");
  await app.page.screenshot({ path: shot });
  await info.attach("stopped", { path: shot, contentType: "image/png" });
  // Nothing was saved over the plan while the page was stopped.
  expect(await app.page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toContain("My precious plan");

  await stopped.getByRole("button", { name: "Reload the page" }).click();
  await app.ready();
  await expect(app.page.locator("#stopped")).toBeHidden();
  await expect(app.field("/name")).toHaveValue("DC1 dual-stack");
  await expect(app.notice).toHaveAttribute("role", "alert");
  await expect(app.notice).toContainText("The page stopped while drawing a plan, so it started again with the example.");
  const offer = app.page.getByTestId("notice-offer");
  await expect(offer).toHaveText("Download my-precious-plan.json");
  const back = info.outputPath("after-a-stop.png");
  await app.page.screenshot({ path: back });
  await info.attach("after a stop", { path: back, contentType: "image/png" });
  const wait = app.page.waitForEvent("download");
  await offer.click();
  const download = await wait;
  expect(download.suggestedFilename()).toBe("my-precious-plan.json");
  expect(JSON.parse(readFileSync(await download.path(), "utf8"))).toEqual(saved);

  // The way back is over: the next load is an ordinary one, and an edit saves as usual.
  await app.fill("/name", "Going on");
  await app.reload();
  await expect(app.field("/name")).toHaveValue("Going on");
  await expect(app.notice).toHaveCount(0);
});

stopping("a share link whose drawing failed is not opened again by the next load", async ({ app, errors }) => {
  await app.open();
  await app.page.evaluate((key) => localStorage.setItem(key, "1"), SWITCH);
  const url = link(JSON.stringify({ version: 1, name: "From a link", asn: 65001 }));
  // A load of the page with the link, not a change of the fragment of the page already open.
  await app.page.goto("about:blank");
  await app.page.goto(url);
  await expect(app.page.locator("#stopped")).toBeVisible();
  expect(errors.join("\n")).toContain("drawing failed on purpose");

  await app.page.reload();
  await app.ready();
  await expect(app.field("/name")).toHaveValue("DC1 dual-stack");
  await expect(app.notice).toContainText("The shared link in the address bar was not opened again.");
  // It stays in the address bar, to be reported or opened on purpose.
  expect(new URL(app.page.url()).hash).toMatch(/^#plan=1\./);
  await app.page.evaluate(() => window.dispatchEvent(new HashChangeEvent("hashchange")));
  await expect(app.field("/name")).toHaveValue("From a link");
});
