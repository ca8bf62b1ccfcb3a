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
