// The fuse-native operation table over a FileSystem: each path-based libfuse2
// callback becomes MemFs calls on node ids, run through the Gate. Op names are
// the kernel's as far as libfuse lets us see them: libfuse turns LOOKUP into
// getattr(path), and truncate/chmod/chown/utimens are all SETATTR.
import { constants } from 'node:fs';
import type { Caller, FileSystem } from '../../fs/types.js';
import { statfsOf, statOf } from './convert.js';
import type { Answer, Gate } from './gate.js';
import { parentOf, resolvePath, tryResolve } from './paths.js';

type Cb = (err: number, ...args: unknown[]) => void;

// fuse-native hides fuse_get_context(): every caller looks like root to us, so
// this backend cannot check permissions for the server (it refuses to be asked)
const CALLER: Caller = { uid: 0, gid: 0, pid: 0 };
// libfuse2 passes (uid_t)-1 / (gid_t)-1 for "unchanged" in chown
const UNCHANGED = 0xffffffff;
// fuse-native turns both UTIME_NOW and UTIME_OMIT into this many ms (nsec / 1e6)
const UTIME_SPECIAL_MS = 1073;

/** The ops object for `new Fuse(mnt, ops)`. */
export function fuseOps(fs: FileSystem, gate: Gate): Record<string, unknown> {
  // the node a request is about, as far as it exists when it arrives
  const idOf = (path: string, exact = tryResolve(fs, path)) =>
    exact ?? tryResolve(fs, path.slice(0, path.lastIndexOf('/'))) ?? 0n;
  // like the kernel's nodeid, the node is fixed when the request arrives
  const run = <R>(op: string, path: string, work: (id: bigint) => R, answer: Answer<R>) => {
    const exact = tryResolve(fs, path);
    gate.run(op, path, idOf(path, exact), () => work(exact ?? resolvePath(fs, path)), answer);
  };
  const runNew = <R>(op: string, path: string, work: () => R, answer: Answer<R>) =>
    gate.run(op, path, idOf(path), work, answer);
  const plain = (cb: Cb) => (e: number) => cb(e);
  const setattr = (path: string, cb: Cb, set: Parameters<FileSystem['setattr']>[1]) =>
    run('setattr', path, (id) => void fs.setattr(id, set, CALLER), plain(cb));
  const made = (entry: { nodeid: bigint }) => fs.forget(entry.nodeid, 1n);

  return {
    init: (cb: Cb) => cb(0),
    getattr: (path: string, cb: Cb) =>
      run(
        'getattr',
        path,
        (id) => statOf(fs.getattr(id)),
        (e, st) => cb(e, st),
      ),
    // fuse-native serves fgetattr with ops.getattr, but only if fgetattr exists
    fgetattr: (path: string, _fd: number, cb: Cb) =>
      run(
        'getattr',
        path,
        (id) => statOf(fs.getattr(id)),
        (e, st) => cb(e, st),
      ),
    access: (path: string, mode: number, cb: Cb) =>
      run('access', path, (id) => fs.access(id, mode, CALLER), plain(cb)),
    statfs: (path: string, cb: Cb) =>
      run(
        'statfs',
        path,
        () => statfsOf(fs.statfs()),
        (e, s) => cb(e, s),
      ),
    opendir: (path: string, _flags: number, cb: Cb) =>
      run(
        'opendir',
        path,
        (id) => Number(fs.opendir(id, CALLER)),
        (e, fh) => cb(e, fh ?? 0),
      ),
    readdir: (path: string, cb: Cb) =>
      run(
        'readdir',
        path,
        (id) => listNames(fs, id),
        (e, names) => cb(e, names ?? []),
      ),
    releasedir: (path: string, fd: number, cb: Cb) =>
      run('releasedir', path, (id) => fs.releasedir(id, BigInt(fd)), plain(cb)),
    open: (path: string, flags: number, cb: Cb) =>
      run(
        'open',
        path,
        (id) => Number(fs.open(id, flags, CALLER)),
        (e, fh) => cb(e, fh ?? 0),
      ),
    create: (path: string, mode: number, cb: Cb) =>
      runNew(
        'create',
        path,
        () => {
          const { parent, name } = parentOf(fs, path);
          const r = fs.create(parent, name, mode, constants.O_CREAT | constants.O_RDWR, CALLER);
          made(r.entry);
          return Number(r.fh);
        },
        (e, fh) => cb(e, fh ?? 0),
      ),
    read: (path: string, fd: number, buf: Buffer, len: number, pos: number, cb: Cb) =>
      run(
        'read',
        path,
        (id) => fs.read(id, BigInt(fd), BigInt(pos), len).copy(buf),
        (e, n) => cb(e < 0 ? e : (n ?? 0)),
      ),
    write: (path: string, fd: number, buf: Buffer, len: number, pos: number, cb: Cb) =>
      run(
        'write',
        path,
        (id) => fs.write(id, BigInt(fd), BigInt(pos), buf.subarray(0, len), CALLER),
        (e, n) => cb(e < 0 ? e : (n ?? 0)),
      ),
    flush: (path: string, fd: number, cb: Cb) =>
      run('flush', path, (id) => fs.flush(id, BigInt(fd)), plain(cb)),
    fsync: (path: string, datasync: number, fd: number, cb: Cb) =>
      run('fsync', path, (id) => fs.fsync(id, BigInt(fd), datasync !== 0), plain(cb)),
    fsyncdir: (path: string, _datasync: number, _fd: number, cb: Cb) =>
      run('fsyncdir', path, () => undefined, plain(cb)),
    release: (path: string, fd: number, cb: Cb) =>
      run('release', path, (id) => fs.release(id, BigInt(fd)), plain(cb)),
    truncate: (path: string, size: number, cb: Cb) => setattr(path, cb, { size: BigInt(size) }),
    ftruncate: (path: string, _fd: number, size: number, cb: Cb) =>
      setattr(path, cb, { size: BigInt(size) }),
    chmod: (path: string, mode: number, cb: Cb) => setattr(path, cb, { mode }),
    chown: (path: string, uid: number, gid: number, cb: Cb) =>
      setattr(path, cb, {
        ...(uid !== UNCHANGED && { uid }),
        ...(gid !== UNCHANGED && { gid }),
      }),
    // fuse-native 2.2.6 passes atime for both times (fuse-native.c: utimens sends
    // l->atime twice), so the mtime a client asked for never reaches us: the one
    // value we get sets both, and NOW/OMIT (indistinguishable) mean mtime = now
    utimens: (path: string, atime: number, _mtime: number, cb: Cb) =>
      setattr(
        path,
        cb,
        atime === UTIME_SPECIAL_MS ? { mtime: 'now' } : { atime: msTs(atime), mtime: msTs(atime) },
      ),
    readlink: (path: string, cb: Cb) =>
      run(
        'readlink',
        path,
        (id) => fs.readlink(id),
        (e, t) => cb(e, t ?? ''),
      ),
    mknod: (path: string, mode: number, dev: number, cb: Cb) =>
      runNew('mknod', path, () => made(fs.mknod(...at(fs, path), mode, dev, CALLER)), plain(cb)),
    mkdir: (path: string, mode: number, cb: Cb) =>
      runNew('mkdir', path, () => made(fs.mkdir(...at(fs, path), mode, CALLER)), plain(cb)),
    symlink: (target: string, path: string, cb: Cb) =>
      runNew('symlink', path, () => made(fs.symlink(...at(fs, path), target, CALLER)), plain(cb)),
    link: (src: string, dest: string, cb: Cb) =>
      runNew(
        'link',
        dest,
        () => made(fs.link(resolvePath(fs, src), ...at(fs, dest), CALLER)),
        plain(cb),
      ),
    unlink: (path: string, cb: Cb) =>
      runNew('unlink', path, () => fs.unlink(...at(fs, path), CALLER), plain(cb)),
    rmdir: (path: string, cb: Cb) =>
      runNew('rmdir', path, () => fs.rmdir(...at(fs, path), CALLER), plain(cb)),
    // libfuse2 has no RENAME2: the kernel's renameat2 flags end in EINVAL before us
    rename: (src: string, dest: string, cb: Cb) =>
      runNew('rename', src, () => fs.rename(...at(fs, src), ...at(fs, dest), 0, CALLER), plain(cb)),
  };
}

function at(fs: FileSystem, path: string): [bigint, string] {
  const { parent, name } = parentOf(fs, path);
  return [parent, name];
}

function msTs(ms: number) {
  return { sec: BigInt(Math.floor(ms / 1000)), nsec: (ms % 1000) * 1_000_000 };
}

// libfuse2's readdir wants every name at once (fuse-native fills with offset 0)
function listNames(fs: FileSystem, id: bigint): string[] {
  const fh = fs.opendir(id, CALLER);
  const names: string[] = [];
  try {
    for (let off = 0n; ;) {
      const batch = fs.readdir(id, fh, off);
      if (batch.length === 0) break;
      for (const e of batch) names.push(e.name);
      off = batch[batch.length - 1]!.off;
    }
  } finally {
    fs.releasedir(id, fh);
  }
  return names;
}
