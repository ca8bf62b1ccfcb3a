// Trunk post_build hook: allow Trunk's inline loader script by its SHA-256 in the
// Content-Security-Policy meta tag of the built index.html, instead of 'unsafe-inline' or a
// nonce that a static file would repeat for every visitor. Fails the build if the placeholder
// or the inline script is missing, so a CSP that would block the app is never shipped.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("csp-hash: TRUNK_STAGING_DIR is not set (run through trunk)");
  process.exit(1);
}
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");
const placeholder = "'sha256-TRUNK-LOADER-HASH'";
if (!html.includes(placeholder)) {
  console.error(`csp-hash: ${placeholder} not found in ${file}`);
  process.exit(1);
}
// Inline scripts: <script ...> without src=, up to </script>.
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
}
if (hashes.length === 0) {
  console.error("csp-hash: no inline script found; did Trunk change its loader?");
  process.exit(1);
}
html = html.replace(placeholder, hashes.join(" "));
writeFileSync(file, html);
console.log(`csp-hash: ${hashes.length} inline script(s) allowed by hash`);
