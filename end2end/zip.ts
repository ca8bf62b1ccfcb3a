// Reads a zip archive (stored or deflated entries) into a map of path -> text, so the tests
// need no unzip tool.
import { inflateRawSync } from "node:zlib";

export function readZip(buf: Buffer): Map<string, string> {
  // End of central directory: the last "PK\x05\x06".
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip archive");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory");
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const localName = buf.readUInt16LE(local + 26);
    const localExtra = buf.readUInt16LE(local + 28);
    const start = local + 30 + localName + localExtra;
    const data = buf.subarray(start, start + compressedSize);
    const bytes = method === 0 ? data : inflateRawSync(data);
    if (bytes.length !== size) throw new Error(`size mismatch for ${name}`);
    files.set(name, bytes.toString("utf8"));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}
