// Story 1: every field can be edited; lists add, remove and duplicate; numbers are checked.
import { test, expect } from "./fixtures";

test.beforeEach(async ({ app }) => {
  await app.open();
});

test("top-level fields edit the plan", async ({ app }) => {
  await app.fill("/name", "Lab A");
  await app.fill("/community", "");
  await app.fill("/frr_version", "9.1");
  await app.fill("/underlay/ipv6", "");
  await app.page.getByLabel(/VxLAN/).check();
  const plan = await app.savedPlan();
  expect(plan.name).toBe("Lab A");
  expect(plan.community).toBeUndefined();
  expect(plan.frr_version).toBe("9.1");
  expect(plan.underlay).toEqual({ ipv4: "10.10.0.0/24" });
  expect(plan.vxlan).toBe(true);
  await expect(app.page.getByTestId("plan-title")).toHaveText("Lab A");
});

test("a number field with non-digits shows a local error and keeps the plan", async ({ app }) => {
  // A real change first, so that the plan is saved (an unchanged plan is never written).
  await app.fill("/name", "Lab B");
  await app.fill("/asn", "65a01");
  const field = app.field("/asn");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(app.fieldProblems("/asn")).toContainText("digits only");
  expect((await app.savedPlan()).asn).toBe(65000);
  // The panel counts it, and the bundle waits for it: the plan still has the old number.
  await expect(app.page.getByTestId("draft-error")).toContainText("AS number");
  await expect(app.problemCount).toContainText("1 error");
  await expect(app.page.getByTestId("download-bundle")).toBeDisabled();
  await app.fill("/asn", "65001");
  await expect(field).not.toHaveAttribute("aria-invalid", /.*/);
  expect((await app.savedPlan()).asn).toBe(65001);
  // Now the core gateway (AS 65000) is eBGP: still valid.
  await app.expectClean();
});

test("choice fields are selects", async ({ app }) => {
  await app.field("/route_reflectors/0/kind").selectOption("vmmanager-vm");
  await app.field("/core_gateways/0/platform").selectOption("frr");
  await app.field("/nodes/0/virtualization").selectOption("lxd");
  const plan = await app.savedPlan();
  expect(plan.route_reflectors[0].kind).toBe("vmmanager-vm");
  expect(plan.core_gateways[0].platform).toBe("frr");
  expect(plan.nodes[0].virtualization).toBe("lxd");
  await expect(app.diagnostics("node-virtualization-mixed").first()).toBeVisible();
});

test("nodes, VMs and pool ranges can be added, duplicated and removed", async ({ app }) => {
  await app.duplicate("nodes", 3);
  await expect(app.items("nodes")).toHaveCount(5);
  await expect(app.field("/nodes/4/name")).toHaveValue("kvm5");
  await expect(app.field("/nodes/4/ipv4")).toHaveValue("10.10.0.15");
  await expect(app.field("/nodes/4/name")).toBeFocused();
  await app.expectClean();

  await app.add("vms");
  await expect(app.items("vms")).toHaveCount(6);
  await app.remove("vms", 5);
  await expect(app.items("vms")).toHaveCount(5);

  await app.item("pools", 0).getByRole("button", { name: "+ Add range" }).click();
  await expect(app.field("/pools/0/ranges/2")).toBeFocused();
  await app.fill("/pools/0/ranges/2", "203.0.113.200-203.0.113.210");
  await app.expectClean();
  const plan = await app.savedPlan();
  expect(plan.nodes).toHaveLength(5);
  expect(plan.pools[0].ranges).toHaveLength(3);

  // Removing a range leaves keyboard focus on the range now in its place.
  await app.item("pools", 0).getByRole("button", { name: "Remove range 2 of pool 1" }).click();
  await expect(app.field("/pools/0/ranges/1")).toBeFocused();
  await expect(app.field("/pools/0/ranges/1")).toHaveValue("203.0.113.200-203.0.113.210");
});

test("everything works from the keyboard", async ({ app }) => {
  // Add a route reflector with the keyboard only, then name it.
  await app.page.getByTestId("add-route_reflectors").focus();
  await app.page.keyboard.press("Enter");
  await expect(app.items("route_reflectors")).toHaveCount(3);
  await expect(app.field("/route_reflectors/2/name")).toBeFocused();
  await app.page.keyboard.press("Control+a");
  await app.page.keyboard.type("rr9");
  await app.page.keyboard.press("Tab");
  await expect(app.field("/route_reflectors/2/kind")).toBeFocused();
  // Every input has a visible label.
  const unlabelled = await app.page.evaluate(() =>
    [...document.querySelectorAll("input:not([type=file]), select")]
      .filter((el) => !(el as HTMLInputElement).labels?.length)
      .map((el) => el.id),
  );
  expect(unlabelled).toEqual([]);
  expect((await app.savedPlan()).route_reflectors[2].name).toBe("rr9");
});

test("a core in the fabric's AS follows it when the fabric's AS changes; leaving it says eBGP", async ({ app, page }) => {
  await app.open();
  // mx1 is in the fabric's AS 65000 (iBGP). Typed key by key: "6501" is on the way to "65010".
  await app.field("/asn").fill("");
  await app.field("/asn").pressSequentially("65010");
  await expect(app.field("/core_gateways/0/asn")).toHaveValue("65010");
  await expect(app.diagnostics("core-ebgp")).toHaveCount(0);
  await app.field("/asn").blur();
  // The core's own AS set apart: the change is said at once.
  await app.fill("/core_gateways/0/asn", "65100");
  await expect(app.notice).toContainText('Core gateway "mx1" is now in AS 65100, not the fabric\'s AS 65010.');
  await expect(app.notice).toContainText("eBGP");
  await app.field("/core_gateways/0/asn").blur();
  // An eBGP core keeps its own AS when the fabric's changes.
  await app.fill("/asn", "65020");
  await expect(app.field("/core_gateways/0/asn")).toHaveValue("65100");
  // Undo takes the fabric's AS edit back as one step.
  await page.getByTestId("undo").click();
  await expect(app.field("/asn")).toHaveValue("65010");
});

test("a new empty range waits until it is typed in or left before showing its error", async ({ app, page }) => {
  await app.open();
  await app.item("pools", 0).getByRole("button", { name: "+ Add range" }).click();
  const range = app.field("/pools/0/ranges/2");
  await expect(range).toBeFocused();
  // Not a mistake yet: no red field, no message under it; the panel counts it all the same.
  await expect(range).not.toHaveAttribute("aria-invalid", "true");
  await expect(app.fieldProblems("/pools/0/ranges/2")).toHaveCount(0);
  await expect(app.problemCount).toContainText("1 error");
  // Left empty: now it is one.
  await page.keyboard.press("Tab");
  await expect(range).toHaveAttribute("aria-invalid", "true");
  await expect(app.fieldProblems("/pools/0/ranges/2")).toBeVisible();
});
