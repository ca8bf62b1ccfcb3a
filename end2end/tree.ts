// Reads a folder written by the command line (a bundle or a change bundle) into a map of
// relative path -> text, so tests can compare it with what the page builds.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, "utf8"));
    }
  };
  walk(root);
  return files;
}
