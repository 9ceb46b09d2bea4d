// Copies a directory tree into a MemFs before it is mounted: files, directories,
// symlinks, fifos, hard links, modes, owners and times (with ns).
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { MemFs } from './memfs.js';
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from './node.js';
import { ROOT_ID, type Caller, type Timespec } from './types.js';

const CHUNK = 1 << 20;
// the server copies as root and then gives each node its owner, so a filesystem
// that checks permissions lets it write into directories of any owner and mode
const SEEDER: Caller = { uid: 0, gid: 0, pid: process.pid };

function ts(ns: bigint): Timespec {
  return { sec: ns / 1_000_000_000n, nsec: Number(ns % 1_000_000_000n) };
}

/** Copies the tree under `dir` into the root of `fs` (which should be empty). */
export async function seedFromDirectory(fs: MemFs, dir: string): Promise<void> {
  const seen = new Map<string, bigint>();
  await copyDir(fs, dir, ROOT_ID, seen);
  const st = await lstat(dir, { bigint: true });
  fs.setattr(
    ROOT_ID,
    {
      mode: Number(st.mode),
      uid: Number(st.uid),
      gid: Number(st.gid),
      atime: ts(st.atimeNs),
      mtime: ts(st.mtimeNs),
    },
    SEEDER,
  );
}

async function copyDir(fs: MemFs, src: string, parent: bigint, seen: Map<string, bigint>) {
  for (const name of (await readdir(src)).sort()) {
    const path = join(src, name);
    const st = await lstat(path, { bigint: true });
    const mode = Number(st.mode);
    const key = `${st.dev}:${st.ino}`;
    const known = st.nlink > 1n && (mode & S_IFMT) !== S_IFDIR ? seen.get(key) : undefined;
    let id: bigint;
    if (known !== undefined) {
      id = fs.link(known, parent, name, SEEDER).nodeid;
      fs.forget(id, 1n);
      continue;
    }
    const type = mode & S_IFMT;
    if (type === S_IFDIR) {
      id = fs.mkdir(parent, name, mode, SEEDER).nodeid;
      await copyDir(fs, path, id, seen);
    } else if (type === S_IFLNK) {
      id = fs.symlink(parent, name, await readlink(path), SEEDER).nodeid;
    } else if (type === S_IFREG) {
      const { entry, fh } = fs.create(parent, name, mode, 0, SEEDER);
      id = entry.nodeid;
      await copyData(fs, path, id, fh);
      fs.release(id, fh);
    } else {
      id = fs.mknod(parent, name, mode, Number(st.rdev), SEEDER).nodeid;
    }
    if (st.nlink > 1n) seen.set(key, id);
    // the owner first: a chown drops setuid/setgid, which the mode then restores
    fs.setattr(id, { uid: Number(st.uid), gid: Number(st.gid) }, SEEDER);
    // a symlink's mode is always 0777 (Linux has no lchmod)
    if (type !== S_IFLNK) fs.setattr(id, { mode }, SEEDER);
    fs.setattr(id, { atime: ts(st.atimeNs), mtime: ts(st.mtimeNs) }, SEEDER);
    // the seed holds no kernel lookups: give back the one the create counted
    fs.forget(id, 1n);
  }
}

async function copyData(fs: MemFs, path: string, id: bigint, fh: bigint) {
  const f = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let off = 0; ;) {
      const { bytesRead } = await f.read(buf, 0, CHUNK, off);
      if (bytesRead === 0) break;
      fs.write(id, fh, BigInt(off), buf.subarray(0, bytesRead), SEEDER);
      off += bytesRead;
    }
  } finally {
    await f.close();
  }
}
