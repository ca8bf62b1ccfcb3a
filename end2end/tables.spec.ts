// Nodes and VMs as tables: one row per item with its column heads, add N nodes with the next
// free names and addresses, and rows pasted from a spreadsheet added all or none.
import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";

/** Pastes text into the focused element as a user's Ctrl+V would. */
async function paste(page: Page, text: string) {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    document.activeElement!.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

test("at 1280 px each node is one row under the column heads", async ({ app }) => {
  await app.page.setViewportSize({ width: 1280, height: 900 });
  await app.open();
  const nodes = app.page.getByTestId("list-nodes");
  await expect(nodes.locator(".row-head")).toHaveText(/Name\s*Virtualization\s*OS\s*IPv4\s*IPv6/);
  const boxes = await Promise.all(
    ["name", "virtualization", "os", "ipv4", "ipv6"].map((f) => app.field(`/nodes/0/${f}`).boundingBox()),
  );
  const ys = boxes.map((b) => Math.round(b!.y));
  expect(new Set(ys).size).toBe(1);
  // Each input keeps its label for screen readers.
  await expect(app.page.getByLabel("IPv4").and(app.field("/nodes/0/ipv4"))).toHaveCount(1);
});

test("add 3 nodes: names and addresses are the next free ones, one undo step", async ({ app }) => {
  await app.open();
  await app.page.getByTestId("add-count").fill("3");
  await expect(app.page.getByTestId("add-nodes")).toHaveText("+ Add 3 nodes");
  await app.page.getByTestId("add-nodes").click();
  await expect(app.items("nodes")).toHaveCount(7);
  await expect(app.field("/nodes/6/name")).toHaveValue("kvm7");
  await expect(app.field("/nodes/6/ipv4")).toHaveValue("10.10.0.17");
  await expect(app.field("/nodes/4/name")).toBeFocused();
  await app.expectClean();
  await expect(app.page.locator("#device-node-6")).toContainText("kvm7");
  await app.page.getByRole("button", { name: /^Undo/ }).first().click();
  await expect(app.items("nodes")).toHaveCount(4);
});

test("rows pasted from a spreadsheet are added, all of them", async ({ app }) => {
  await app.open();
  await app.field("/nodes/0/name").focus();
  await paste(app.page, "name\tvirtualization\tos\tipv4\tipv6\nkvm5\tkvm\talmalinux-8\t10.10.0.15\t\nkvm6\tkvm\talmalinux-8\t10.10.0.16\t2001:db8:ffff::16\n");
  await expect(app.items("nodes")).toHaveCount(6);
  await expect(app.field("/nodes/5/ipv6")).toHaveValue("2001:db8:ffff::16");
  await expect(app.field("/nodes/4/ipv6")).toHaveValue("");
  // The cell that had focus was not overwritten.
  await expect(app.field("/nodes/0/name")).toHaveValue("kvm1");
  await expect(app.page.getByTestId("notice")).toContainText("Added 2 pasted row(s) to Nodes.");
  // VMs as CSV.
  await app.field("/vms/0/name").focus();
  await paste(app.page, "vm9,kvm5,203.0.113.30\n");
  await expect(app.items("vms")).toHaveCount(6);
  await expect(app.field("/vms/5/node")).toHaveValue("kvm5");
});

test("pasted rows with a bad cell: every bad cell named, nothing added", async ({ app }) => {
  await app.open();
  const before = await app.savedPlan();
  await app.field("/nodes/0/name").focus();
  await paste(app.page, "kvm5,kvm,almalinux-8,10.10.0.999\nkvm1,kvm,almalinux-8,10.10.0.17\n");
  const notice = app.page.getByTestId("notice");
  await expect(notice).toContainText("The pasted rows were not added to Nodes: nothing changed.");
  await expect(notice).toContainText("line 1, IPv4: IPv4 address '10.10.0.999'");
  await expect(notice).toContainText("line 2, Name: ");
  await expect(app.items("nodes")).toHaveCount(4);
  expect(await app.savedPlan()).toEqual(before);
  // A single value pastes into the cell as usual.
  await app.field("/nodes/0/ipv4").fill("");
  await app.field("/nodes/0/ipv4").focus();
  await app.page.keyboard.insertText("10.10.0.11");
  await expect(app.field("/nodes/0/ipv4")).toHaveValue("10.10.0.11");
});
