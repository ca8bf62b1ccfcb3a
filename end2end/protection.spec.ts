// Story: the production protection of a fabric is edited in the form, and a TCP-MD5 password
// reaches the configurations that need it and nothing else.
import { test, expect } from "./fixtures";
import { STORAGE_KEY, type AppPage } from "./pages/app";

const PASSWORD = "Fabric-md5.key+7";

test.beforeEach(async ({ app }) => {
  await app.open();
});

async function showFile(app: AppPage, path: string) {
  await app.fileButton(path).click();
  await expect(app.page.getByTestId("file-path")).toHaveText(path);
}

test("protection fields edit the plan and the configurations", async ({ app }) => {
  await app.fill("/protection/node_hold_time", "30");
  await app.field("/protection/core_detection").selectOption("timers");
  await app.fill("/protection/core_hold_time", "12");
  await app.fill("/protection/max_vms_per_node", "40");
  const plan = await app.savedPlan();
  expect(plan.protection).toMatchObject({
    node_hold_time: 30,
    core_detection: "timers",
    core_hold_time: 12,
    max_vms_per_node: 40,
  });
  await showFile(app, "route-reflectors/rr1/frr.conf");
  const text = app.page.getByTestId("file-content");
  await expect(text).toContainText("neighbor 10.10.0.11 timers 10 30");
  await expect(text).toContainText("neighbor 10.10.0.1 timers 4 12");
  // min(159 pool addresses, 40 VMs) + 40/4 + 10
  await expect(text).toContainText("neighbor 10.10.0.11 maximum-prefix 60 restart 5 force");
  await expect(text).not.toContainText("bfd profile");
  // A hold time BGP refuses is a diagnostic on its field.
  await app.fill("/protection/node_hold_time", "2");
  await expect(app.fieldProblems("/protection/node_hold_time")).toContainText("neither 0 nor 3..65535");
  await expect(app.diagnostics("protection-invalid")).toHaveCount(1);
});

test("a TCP-MD5 password is asked for, used in the configs and kept nowhere else", async ({ app, browser }) => {
  await app.page.getByLabel(/TCP-MD5 between route reflectors and core/).check();
  const password = app.page.locator("#md5-password");
  await expect(password).toHaveAttribute("type", "password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  // Without the password the files that need it are not shown, and nothing can be downloaded.
  await showFile(app, "core/mx1/junos.conf");
  await expect(app.page.getByTestId("file-blocked")).toContainText("TCP-MD5");
  await expect(app.page.getByTestId("copy-file")).toBeDisabled();
  await expect(app.page.getByTestId("download-bundle")).toBeDisabled();
  await expect(app.page.getByTestId("download-why")).toContainText("TCP-MD5 password");

  await password.fill("two words");
  await expect(app.page.locator("#md5-password-problems")).toContainText("character 4");
  await password.fill(PASSWORD);
  await expect(password).not.toHaveAttribute("aria-invalid", /.*/);
  await expect(app.page.getByTestId("file-content")).toContainText(
    `set protocols bgp group dc1-VM authentication-key "${PASSWORD}"`,
  );
  await showFile(app, "route-reflectors/rr1/frr.conf");
  await expect(app.page.getByTestId("file-content")).toContainText(`neighbor 10.10.0.1 password ${PASSWORD}`);
  await showFile(app, "nodes/kvm1/frr.conf");
  await expect(app.page.getByTestId("file-content")).not.toContainText(PASSWORD);
  await expect(app.page.getByTestId("download-bundle")).toBeEnabled();

  // The plan says that a password is used, never which.
  const plan = await app.savedPlan();
  expect(plan.protection.md5).toBe(true);
  const stored = await app.page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(PASSWORD);
  // A share link carries the plan, not the password: opened elsewhere, it asks for it.
  const url = await app.shareLink();
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(url);
  await other.waitForSelector("html[data-ready]");
  await expect(other.locator("#md5-password")).toHaveValue("");
  await expect(other.getByTestId("download-bundle")).toBeDisabled();
  await context.close();

  // Not remembered: a reload asks again.
  await app.reload();
  await expect(app.page.locator("#md5-password")).toHaveValue("");
  // Remembered on request, forgotten when unticked.
  await app.page.locator("#md5-password").fill(PASSWORD);
  await app.page.getByLabel("Remember the password in this browser").check();
  await app.reload();
  await expect(app.page.locator("#md5-password")).toHaveValue(PASSWORD);
  const key = await app.page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY);
  expect(key).not.toContain(PASSWORD);
  await app.page.getByLabel("Remember the password in this browser").uncheck();
  await app.reload();
  await expect(app.page.locator("#md5-password")).toHaveValue("");
});
