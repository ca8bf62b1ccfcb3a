// Story 3: the fabric at a glance.
import { test, expect } from "./fixtures";

test("sessions per reflector, families and pools of the example", async ({ app }) => {
  await app.open();
  const glance = app.page.getByTestId("glance");
  // 4 nodes + 1 core in both families.
  await expect(glance.getByTestId("rr-session-count")).toHaveText(["10 / 32", "10 / 32"]);
  await expect(glance.getByTestId("family")).toHaveText([/IPv4\s*rr1, rr2/, /IPv6\s*rr1, rr2/]);
  const pools = glance.getByTestId("pool-row");
  await expect(pools.nth(0)).toContainText("public-v4");
  await expect(pools.nth(0)).toContainText("159");
  await expect(pools.nth(0)).toContainText("4: sea_gold, web01, db01, mail");
  await expect(pools.nth(1)).toContainText("2^64");

  // Live: another node adds a session per family to each reflector.
  await app.duplicate("nodes", 0);
  await expect(glance.getByTestId("rr-session-count")).toHaveText(["12 / 32", "12 / 32"]);
  await expect(glance.getByTestId("rr-session-state")).toHaveCount(0);
  // Taking rr2's IPv6 address away leaves IPv6 with one reflector.
  await app.fill("/route_reflectors/1/ipv6", "");
  await expect(glance.getByTestId("family").nth(1)).toContainText("not redundant");
});

test("at 32 sessions a reflector is full (amber, a warning); beyond, over the limit (red, an error)", async ({ app }) => {
  await app.open();
  const glance = app.page.getByTestId("glance");
  // 4 nodes + 1 core = 10 sessions; each duplicated dual-stack node adds 2.
  for (let i = 0; i < 11; i++) await app.duplicate("nodes", 0);
  await expect(glance.getByTestId("rr-session-count")).toHaveText(["32 / 32", "32 / 32"]);
  await expect(glance.getByTestId("rr-session-state")).toHaveText(["full", "full"]);
  await expect(app.diagnostics("rr-session-full")).toHaveCount(2);
  const meter = glance.locator("meter").first();
  await expect(meter).toHaveAttribute("high", "32");
  await app.duplicate("nodes", 0);
  await expect(glance.getByTestId("rr-session-count")).toHaveText(["34 / 32", "34 / 32"]);
  await expect(glance.getByTestId("rr-session-state")).toHaveText(["over the limit", "over the limit"]);
  await expect(app.diagnostics("rr-session-limit")).toHaveCount(2);
  await expect(meter).toHaveAttribute("max", "34");
});
