// Story 5: the bundle downloads as a zip built in the browser, the same as the CLI renders.
import { test, expect } from "./fixtures";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readZip } from "./zip";
import { readTree } from "./tree";

const root = join(__dirname, "..");

/** Renders a plan with the command line into a fresh folder; returns path -> text. */
function cliRender(plan: string): Map<string, string> {
  const out = mkdtempSync(join(tmpdir(), "fd-cli-"));
  const bin = process.env.FABRIC_DESIGNER_BIN;
  if (bin) {
    execFileSync(bin, ["render", join(root, plan), "--out", out]);
  } else {
    execFileSync("cargo", ["run", "-q", "--bin", "fabric-designer", "--", "render", plan, "--out", out], {
      cwd: root,
    });
  }
  return readTree(out);
}

test("the zip holds the bundle layout, byte for byte what the CLI renders", async ({ app }) => {
  await app.open();
  await app.loadExample("dc1-dual-stack");
  const download = await app.downloadBundle();
  expect(download.suggestedFilename()).toBe("fabric-dc1-dual-stack.zip");
  const zip = readZip(readFileSync((await download.path())!));

  expect([...zip.keys()].sort()).toEqual([
    "README.md",
    "core/mx1/junos.conf",
    "nodes/kvm1/frr.conf",
    "nodes/kvm2/frr.conf",
    "nodes/kvm3/frr.conf",
    "nodes/kvm4/frr.conf",
    "plan.json",
    "route-reflectors/rr1/frr.conf",
    "route-reflectors/rr1/route_reflector.sh",
    "route-reflectors/rr2/frr.conf",
    "route-reflectors/rr2/run-script.md",
    "topology.svg",
    "vmmanager/cluster-settings.md",
  ]);

  const cli = cliRender("examples/dc1-dual-stack.json");
  expect(zip.get("nodes/kvm1/frr.conf")).toBe(cli.get("nodes/kvm1/frr.conf"));
  expect(new Map([...zip].sort())).toEqual(new Map([...cli].sort()));
});

test("a plan with an FRR core renders like the CLI too", async ({ app }) => {
  await app.open();
  await app.loadExample("lab-frr-core");
  await app.expectClean();
  const zip = readZip(readFileSync((await (await app.downloadBundle()).path())!));
  const cli = cliRender("examples/lab-frr-core.json");
  expect(new Map([...zip].sort())).toEqual(new Map([...cli].sort()));
});

test("while the plan has errors the button says why it is unavailable", async ({ app }) => {
  await app.open();
  await app.loadExample("mistakes");
  const button = app.page.getByTestId("download-bundle");
  await expect(button).toBeDisabled();
  await expect(app.page.getByTestId("download-why")).toHaveText(/^Unavailable: fix the \d+ errors first$/);
  await expect(button).toHaveAttribute("aria-describedby", "download-why");
});
