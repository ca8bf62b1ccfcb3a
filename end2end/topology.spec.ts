// The topology diagram and the designer's layout: the fabric drawn from the plan as it is
// typed, devices that take the user to their fields, problems marked by shape and word, a text
// alternative, and the page at 1280 px, on a 390 px phone and in dark mode.
import { test, expect } from "./fixtures";
import { ipv4Fabric } from "./limit-plan";
import type { Page, TestInfo } from "@playwright/test";

const device = (page: Page, id: string) => page.locator(`#${id}`);

/** No sideways scrolling of the page itself. */
async function expectNoPageOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function snapshot(page: Page, info: TestInfo, name: string) {
  const path = info.outputPath(`${name}.png`);
  await page.getByTestId("diagram").screenshot({ path });
  await info.attach(name, { path, contentType: "image/png" });
}

test("the example's fabric: every device, a line per session and family, the summary", async ({ app }, info) => {
  await app.open();
  const diagram = app.page.getByTestId("diagram");
  await expect(diagram.getByTestId("diagram-device")).toHaveCount(7);
  // 2 reflectors x (4 nodes + 1 core), each in IPv4 and IPv6, plus the legend's three lines.
  await expect(diagram.locator("line.v4")).toHaveCount(11);
  await expect(diagram.locator("line.v6")).toHaveCount(11);
  await expect(diagram.locator("line.evpn")).toHaveCount(1);
  await expect(diagram.locator("line.v6").first()).toHaveAttribute("stroke-dasharray", "7 4");
  await expect(app.page.getByTestId("diagram-status")).toHaveText(
    "1 core gateway, 2 route reflectors, 4 nodes; 20 BGP sessions.",
  );
  await expect(device(app.page, "device-rr-0")).toContainText("10/32 sessions");
  await expect(device(app.page, "device-node-0")).toContainText("KVM · 2 VMs");
  await expect(diagram).toContainText("community 65000:100");
  await snapshot(app.page, info, "diagram-4-nodes");

  // Live: a duplicated node appears with its sessions, and the reflectors count them.
  await app.duplicate("nodes", 3);
  await expect(diagram.getByTestId("diagram-device")).toHaveCount(8);
  await expect(device(app.page, "device-rr-0")).toContainText("12/32 sessions");
});

test("a device is a button: click, or Enter from the keyboard, goes to its fields", async ({ app }) => {
  await app.open();
  await device(app.page, "device-node-2").click();
  await expect(app.field("/nodes/2/name")).toBeFocused();
  const rr = device(app.page, "device-rr-1");
  await rr.focus();
  await expect(app.page.getByTestId("diagram-status")).toHaveText(/^rr2, route reflector: 10\/32 sessions; IPv4, IPv6$/);
  await app.page.keyboard.press("Enter");
  await expect(app.field("/route_reflectors/1/name")).toBeFocused();
  // Tab moves from device to device.
  await device(app.page, "device-core-0").focus();
  await app.page.keyboard.press("Tab");
  await expect(device(app.page, "device-rr-0")).toBeFocused();
});

test("a device with a problem is marked by shape and word, and named on focus", async ({ app }) => {
  await app.open();
  const kvm2 = device(app.page, "device-node-1");
  await expect(kvm2).not.toHaveAttribute("data-severity");
  const address = await app.field("/nodes/1/ipv4").inputValue();
  await app.fill("/nodes/1/ipv4", "10.10.0.999");
  await expect(kvm2).toHaveAttribute("data-severity", "error");
  await expect(kvm2.locator(".mark.error text")).toHaveText("✕");
  await expect(kvm2).toHaveAttribute("aria-label", /^kvm2, node: KVM · 1 VM; IPv6; error: IPv4 address .10.10.0.999. of node .kvm2. is not an IP address/);
  await expect(kvm2.locator("title")).toHaveText(/error: /);
  await kvm2.focus();
  await expect(app.page.getByTestId("diagram-status")).toHaveText(/; error: /);
  // A warning is a triangle: a reflector full at 32 sessions.
  await app.fill("/nodes/1/ipv4", address);
  await expect(kvm2).not.toHaveAttribute("data-severity");
  for (let i = 0; i < 11; i++) await app.duplicate("nodes", 0);
  const rr1 = device(app.page, "device-rr-0");
  await expect(rr1).toHaveAttribute("data-severity", "warning");
  await expect(rr1.locator(".mark.warning text")).toHaveText("!");
  // The word says it too: full at 32, over beyond.
  await expect(rr1.locator(".detail")).toHaveText("32/32 sessions, full");
  await expect(app.diagnostics("rr-session-full")).toHaveCount(2);
  await app.duplicate("nodes", 0);
  await expect(rr1.locator(".detail")).toHaveText("34/32 sessions, over");
  await expect(rr1).toHaveAttribute("data-severity", "error");
  await expect(rr1.locator(".mark.error text")).toHaveText("✕");
  await expect(app.diagnostics("rr-session-limit")).toHaveCount(2);
});

test("keyboard focus stays on its device when the picture is drawn again", async ({ app }) => {
  await app.open();
  await app.fill("/nodes/3/name", "kvm9");
  const last = device(app.page, "device-node-3");
  await expect(last).toContainText("kvm9");
  await last.focus();
  // Undo from the keyboard redraws the picture under the focused device.
  await app.page.keyboard.press("Control+z");
  await expect(last).toContainText("kvm4");
  await expect(last).toBeFocused();
});

test("the same facts as a list, for screen readers and anyone who prefers text", async ({ app }) => {
  await app.open();
  const list = app.page.getByTestId("diagram-list");
  await list.locator("summary").click();
  await expect(list.locator("h3")).toHaveText(["Core gateways (1)", "Route reflectors (2)", "Nodes (4)", "Pools"]);
  await expect(list).toContainText(
    "rr1, route reflector: 10/32 sessions; IPv4, IPv6; sessions with mx1 (IPv4 + IPv6), kvm1 (IPv4 + IPv6)",
  );
  await expect(list).toContainText("VM gateway 10.0.0.1, fd00::1");
  // The pools with their sizes and the VMs in each, live.
  const pools = list.getByTestId("pool-row");
  await expect(pools.nth(0)).toContainText("public-v4");
  await expect(pools.nth(0)).toContainText("159");
  await expect(pools.nth(0)).toContainText("4: sea_gold, web01, db01, mail");
  await expect(pools.nth(1)).toContainText("2^64");
  await app.fill("/vms/0/ipv4", "192.0.2.1");
  await expect(pools.nth(0)).toContainText("3: web01, db01, mail");
});

test("markup typed into the plan stays text in the picture", async ({ app }) => {
  await app.open();
  await app.fill("/nodes/0/name", '<img src=x onerror="alert(1)">');
  await expect(device(app.page, "device-node-0")).toContainText("<img src=x onerr");
  await expect(app.page.getByTestId("diagram").locator("img")).toHaveCount(0);
});

test("at 1280 px the problems, the diagram and the part being edited are in view together", async ({ app }) => {
  await app.page.setViewportSize({ width: 1280, height: 800 });
  await app.open();
  await app.fill("/nodes/3/ipv4", "10.10.0.999");
  await app.field("/vms/0/name").scrollIntoViewIfNeeded();
  await app.field("/vms/0/name").focus();
  for (const part of [app.page.getByTestId("problems"), app.page.getByTestId("diagram"), app.field("/vms/0/name")]) {
    await expect(part).toBeInViewport();
  }
  await expect(app.diagnostics().first()).toBeInViewport();
  // The files take the page's width, below the form and the side column.
  const files = await app.page.getByTestId("files").boundingBox();
  expect(files!.width).toBeGreaterThan(1100);
  await expectNoPageOverflow(app.page);
});

test.describe("on a 390 px phone in dark mode", () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: "dark" });

  test("problems first, then the diagram, which scrolls in its frame", async ({ app }, info) => {
    await app.open();
    await app.fill("/nodes/0/ipv4", "10.10.0.999");
    const problems = await app.page.getByTestId("problems").boundingBox();
    const diagram = await app.page.getByTestId("diagram").boundingBox();
    const form = await app.field("/name").boundingBox();
    expect(problems!.y).toBeLessThan(diagram!.y);
    expect(diagram!.y).toBeLessThan(form!.y);
    await expectNoPageOverflow(app.page);
    // Dark colours come from the style sheet, not the file's light presentation attributes.
    const fill = await device(app.page, "device-node-1").locator("rect").evaluate((r) => getComputedStyle(r).fill);
    expect(fill).not.toBe("rgb(241, 245, 249)");
    await snapshot(app.page, info, "diagram-phone-dark");
  });
});

test("30 nodes at the session limit: rows of four, every session drawn", async ({ app }, info) => {
  await app.open();
  await app.openFile("limit.json", JSON.stringify(ipv4Fabric(30, 2000)));
  const diagram = app.page.getByTestId("diagram");
  await expect(diagram.getByTestId("diagram-device")).toHaveCount(33);
  // 2 reflectors x 31 peers, IPv4 only, plus the legend's line.
  await expect(diagram.locator("line.v4")).toHaveCount(63);
  await expect(device(app.page, "device-rr-1")).toContainText("31/32 sessions");
  const rows = await diagram
    .locator(".device.node rect")
    .evaluateAll((rects) => new Set(rects.map((r) => r.getAttribute("y"))).size);
  expect(rows).toBe(8);
  await snapshot(app.page, info, "diagram-30-nodes");
});

test("file preview: as wide as the page, long lines wrap on request", async ({ app }) => {
  await app.open();
  await app.fileButton("core/mx1/junos.conf").click();
  const view = app.fileContent;
  await expect(view).toContainText("set protocols bgp group");
  await expect(view).toHaveCSS("white-space", "pre");
  await app.page.getByTestId("wrap-lines").check();
  await expect(view).toHaveCSS("white-space", "pre-wrap");
  const sideways = await view.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  // As wide as the page allows: most of a 1280 px screen, all but the margins of a phone.
  const width = (await view.boundingBox())!.width;
  const page = app.page.viewportSize()!.width;
  expect(width).toBeGreaterThan(page >= 1000 ? 800 : page - 80);
});
