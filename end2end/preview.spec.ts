// Story 4: every generated file can be previewed, copied and downloaded.
import { test, expect } from "./fixtures";
import { downloadText } from "./pages/app";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("the file tree shows the bundle and a file's text, which copies and downloads", async ({ app }) => {
  await app.open();
  const tree = app.page.getByTestId("file-tree");
  await expect(tree).toContainText("README.md");
  await expect(app.fileButton("core/mx1/junos.conf")).toBeVisible();
  await expect(app.page.getByTestId("file")).toHaveCount(13);

  await app.fileButton("route-reflectors/rr1/route_reflector.sh").click();
  await expect(app.page.getByTestId("file-path")).toHaveText("route-reflectors/rr1/route_reflector.sh");
  await expect(app.fileContent).toContainText("#!/bin/sh");
  await expect(app.fileButton("route-reflectors/rr1/route_reflector.sh")).toHaveAttribute("aria-current", "true");
  // From the keyboard: Enter on a file shows it, and the keyboard stays on its button.
  await app.fileButton("topology.svg").focus();
  await app.page.keyboard.press("Enter");
  await expect(app.page.getByTestId("file-path")).toHaveText("topology.svg");
  await expect(app.fileButton("topology.svg")).toBeFocused();
  await expect(app.fileButton("topology.svg")).toHaveAttribute("aria-current", "true");

  await app.fileButton("nodes/kvm2/frr.conf").click();
  await expect(app.fileContent).toContainText("router bgp 65000");
  const shown = await app.fileContent.innerText();

  await app.page.getByTestId("copy-file").click();
  await expect(app.page.getByTestId("files")).toContainText("Copied");
  const clipboard = await app.page.evaluate(() => navigator.clipboard.readText());
  expect(clipboard).toBe(shown);

  const wait = app.page.waitForEvent("download");
  await app.page.getByTestId("download-file").click();
  const download = await wait;
  expect(download.suggestedFilename()).toBe("kvm2-frr.conf");
  expect(await downloadText(download)).toBe(shown);
});

test("the preview follows edits", async ({ app }) => {
  await app.open();
  await app.fileButton("nodes/kvm1/frr.conf").click();
  await app.fill("/asn", "65010");
  await app.fill("/core_gateways/0/asn", "65010");
  await expect(app.fileContent).toContainText("router bgp 65010");
  // With an error the last good files stay, marked as such.
  await app.fill("/gateway/ipv4", "8.8.8.8");
  await expect(app.page.getByTestId("files-stale")).toBeVisible();
  await expect(app.fileContent).toContainText("router bgp 65010");
});

test("a stale file is not handed out: Copy and Download say why, right beside them", async ({ app }) => {
  await app.open();
  await app.fileButton("nodes/kvm1/frr.conf").click();
  await expect(app.page.getByTestId("copy-file")).toBeEnabled();
  await expect(app.page.getByTestId("file-stale-why")).toHaveCount(0);
  await app.fill("/gateway/ipv4", "8.8.8.8");
  await expect(app.page.getByTestId("copy-file")).toBeDisabled();
  await expect(app.page.getByTestId("download-file")).toBeDisabled();
  const why = app.page.getByTestId("file-stale-why");
  await expect(why).toContainText("Fix the errors to copy or download");
  await expect(app.page.getByTestId("copy-file")).toHaveAttribute("aria-describedby", "file-stale-why");
  // Fixed: the files are the plan's again, and can be handed out.
  await app.fill("/gateway/ipv4", "10.0.0.1");
  await expect(app.page.getByTestId("copy-file")).toBeEnabled();
  await expect(why).toHaveCount(0);
});

test("files of a replaced plan are not shown as the new plan's", async ({ app }) => {
  await app.open();
  await expect(app.page.getByTestId("file-tree")).toContainText("kvm1");
  // The mistakes example has errors, so it has no files of its own to show.
  await app.loadExample("mistakes");
  await expect(app.page.getByTestId("files-stale")).toHaveCount(0);
  await expect(app.page.getByTestId("file-tree")).toHaveCount(0);
  // Within one plan, a half-typed field keeps the last files, marked stale.
  await app.loadExample("dc1-dual-stack");
  await app.fill("/gateway/ipv4", "10.0.");
  await expect(app.page.getByTestId("files-stale")).toBeVisible();
  await expect(app.page.getByTestId("file-tree")).toContainText("kvm1");
});
