// Story 2: problems show live, at their field, and take the user there.
import { test, expect } from "./fixtures";

test.beforeEach(async ({ app }) => {
  await app.open();
});

test("the example plan loads with no problems", async ({ app }) => {
  await expect(app.page.getByTestId("plan-title")).toHaveText("DC1 dual-stack");
  await app.expectClean();
  await expect(app.field("/gateway/ipv4")).not.toHaveAttribute("aria-invalid", /.*/);
});

test("a public gateway is reported at its field, and fixing it clears it", async ({ app }) => {
  await app.fill("/gateway/ipv4", "8.8.8.8");
  const diagnostic = app.diagnostics("gateway-not-private");
  await expect(diagnostic).toHaveCount(1);
  await expect(diagnostic).toHaveAttribute("data-path", "/gateway/ipv4");
  await expect(app.problemCount).toContainText("1 error");

  // The field is marked and described by the diagnostic's message and help.
  const field = app.field("/gateway/ipv4");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAttribute("aria-describedby", "field-gateway-ipv4-problems");
  const description = app.fieldProblems("/gateway/ipv4");
  await expect(description).toContainText("8.8.8.8");
  await expect(description).toContainText("gateway-not-private");

  // Clicking the diagnostic takes the keyboard to the field.
  await app.field("/name").focus();
  await diagnostic.click();
  await expect(field).toBeFocused();

  await app.fill("/gateway/ipv4", "10.0.0.1");
  await app.expectClean();
  await expect(field).not.toHaveAttribute("aria-invalid", /.*/);
  await expect(app.fieldProblems("/gateway/ipv4")).toHaveCount(0);
});

test("removing a route reflector warns that it is not redundant", async ({ app }) => {
  await app.remove("route_reflectors", 1);
  await expect(app.items("route_reflectors")).toHaveCount(1);
  const warnings = app.diagnostics("rr-not-redundant");
  await expect(warnings.first()).toBeVisible();
  await expect(app.problemCount).toContainText("0 errors");
  await expect(app.problemCount).toContainText("warning");
  // A warning does not block the bundle.
  await expect(app.page.getByTestId("download-bundle")).toBeEnabled();
  // Its path is the list: the link focuses the list's section.
  await warnings.first().click();
  await expect(app.page.locator("#field-route_reflectors")).toBeFocused();
});

test("a diagnostic on a node's OS focuses that select", async ({ app }) => {
  await app.field("/nodes/2/os").selectOption("ubuntu-22.04");
  const diagnostic = app.diagnostics("node-os-unsupported");
  await expect(diagnostic).toHaveAttribute("data-path", "/nodes/2/os");
  await diagnostic.click();
  await expect(app.field("/nodes/2/os")).toBeFocused();
  await expect(app.field("/nodes/2/os")).toHaveAttribute("aria-invalid", "true");
  await expect(app.page.getByTestId("download-why")).toHaveText("Unavailable: fix the 1 error first");
});

test("consequences are listed under their cause, folded", async ({ app }) => {
  // A range with host bits: the range is refused, so three VMs lie in no pool.
  await app.fill("/pools/0/ranges/0", "203.0.113.5/25");
  await expect(app.problemCount).toContainText("4 errors");
  const panel = app.page.getByTestId("problems");
  const head = panel.locator("ol.diagnostics > li").filter({ has: app.diagnostics("pool-invalid") });
  await expect(head).toHaveCount(1);
  const folded = head.locator("details.consequences");
  await expect(folded.locator("summary")).toHaveText("3 more that follow from the same cause");
  await expect(folded.locator("[data-code=vm-address-outside-pool]")).toHaveCount(3);
  await expect(folded.locator("[data-code=vm-address-outside-pool]").first()).toBeHidden();
  await folded.locator("summary").click();
  await folded.locator("[data-code=vm-address-outside-pool]").first().click();
  await expect(app.field("/vms/0/ipv4")).toBeFocused();
  // Fixing the cause clears them all.
  await app.fill("/pools/0/ranges/0", "203.0.113.0/25");
  await app.expectClean();
});

test("the panel names fields as the form labels them", async ({ app }) => {
  await app.fill("/gateway/ipv6", "");
  const d = app.diagnostics("gateway-missing");
  await expect(d.locator(".help")).toContainText("Set the IPv6 gateway to");
  await expect(d.locator(".meta")).toHaveText("gateway-missing · IPv6 gateway");
  await app.fill("/nodes/1/name", "kvm1");
  const dup = app.diagnostics("name-duplicate");
  await expect(dup.locator(".message")).toContainText("already used at Node 1 'kvm1' › Name");
  await expect(dup.locator(".meta")).toHaveText("name-duplicate · Node 2 'kvm1' › Name");
  // The machine-readable path stays on the element.
  await expect(dup).toHaveAttribute("data-path", "/nodes/1/name");
});
