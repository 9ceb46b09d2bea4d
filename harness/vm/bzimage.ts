// The release string of a bzImage, read from its setup header (x86 boot
// protocol 2.00+: `kernel_version` at 0x20e points 0x200 bytes before a
// NUL-terminated "6.1.0-50-cloud-amd64 (builder) #1 SMP ..."), so a file:
// kernel is named before it boots.
import fs from 'node:fs';

const HDRS_MAGIC = 0x53726448; // "HdrS" at 0x202

// Returns the release (first word of the version string), or undefined.
export function bzImageRelease(buf: Buffer): string | undefined {
  if (buf.length < 0x210 || buf.readUInt32LE(0x202) !== HDRS_MAGIC) return undefined;
  const ptr = buf.readUInt16LE(0x20e);
  if (ptr === 0) return undefined;
  const start = ptr + 0x200;
  const end = buf.indexOf(0, start);
  if (end < 0) return undefined;
  const text = buf.subarray(start, Math.min(end, start + 256)).toString('latin1');
  return /^(\S+)/.exec(text)?.[1];
}

// Reads only the first 64 KiB of the file: the version string sits in the setup code.
export function readBzImageRelease(file: string): string | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return bzImageRelease(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}
