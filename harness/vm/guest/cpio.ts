// A streaming writer of "newc" cpio archives, the format the kernel unpacks
// into its rootfs (init/initramfs.c). Uncompressed on purpose: the kernel
// unpacks it about a second faster than a compressed one under TCG.
import fs from 'node:fs';
import { once } from 'node:events';

export type CpioEntry =
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'file'; path: string; mode?: number; source: string }
  | { type: 'data'; path: string; mode?: number; data: Buffer }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'chardev'; path: string; mode?: number; major: number; minor: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

const pad4 = (n: number) => (4 - (n % 4)) % 4;
const hex = (n: number) => n.toString(16).padStart(8, '0');

// The 110-byte header plus the NUL-terminated name, padded to 4 bytes.
export function cpioHeader(
  ino: number,
  { name, mode, size, rdevMajor = 0, rdevMinor = 0 }: Hdr,
): Buffer {
  const fields = [ino, mode, 0, 0, 1, 0, size, 0, 0, rdevMajor, rdevMinor, name.length + 1, 0];
  const head = `070701${fields.map(hex).join('')}${name}\0`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.alloc(pad4(head.length))]);
}
interface Hdr {
  name: string;
  mode: number;
  size: number;
  rdevMajor?: number;
  rdevMinor?: number;
}

// Writes the entries (parents before children) and the trailer to `out`.
export async function writeCpio(out: string, entries: Iterable<CpioEntry>): Promise<void> {
  const ws = fs.createWriteStream(out);
  const write = async (b: Buffer) => {
    if (!ws.write(b)) await once(ws, 'drain');
  };
  let ino = 1;
  for (const e of entries) {
    const name = e.path.replace(/^\/+/, '');
    if (e.type === 'dir') {
      await write(cpioHeader(ino++, { name, mode: S_IFDIR | (e.mode ?? 0o755), size: 0 }));
    } else if (e.type === 'symlink') {
      const t = Buffer.from(e.target);
      await write(cpioHeader(ino++, { name, mode: S_IFLNK | 0o777, size: t.length }));
      await write(Buffer.concat([t, Buffer.alloc(pad4(t.length))]));
    } else if (e.type === 'chardev') {
      const mode = S_IFCHR | (e.mode ?? 0o600);
      await write(
        cpioHeader(ino++, { name, mode, size: 0, rdevMajor: e.major, rdevMinor: e.minor }),
      );
    } else {
      const data = e.type === 'data' ? e.data : fs.readFileSync(e.source);
      const mode =
        S_IFREG | (e.mode ?? (e.type === 'file' ? fs.statSync(e.source).mode & 0o777 : 0o644));
      await write(cpioHeader(ino++, { name, mode, size: data.length }));
      await write(data);
      await write(Buffer.alloc(pad4(data.length)));
    }
  }
  await write(cpioHeader(ino, { name: 'TRAILER!!!', mode: 0, size: 0 }));
  ws.end();
  await once(ws, 'finish');
}
