// MemFs semantics without a mount: names, lookups and lifetimes, data, times.
import { constants } from 'node:os';
import t, { type Test } from 'tap';
import { FsError } from '../../src/errors.js';
import { MemFs } from '../../src/fs/memfs.js';
import { ROOT_ID } from '../../src/fs/types.js';

const E = constants.errno;
const root = { uid: 0, gid: 0, pid: 1 };
const user = { uid: 1000, gid: 1000, pid: 2 };

/** Asserts that fn throws FsError(errno). */
function throwsErrno(t: Test, fn: () => unknown, errno: number, msg: string) {
  try {
    fn();
    t.fail(`${msg}: did not throw`);
  } catch (e) {
    t.ok(e instanceof FsError, `${msg}: FsError`);
    t.equal((e as FsError).errno, errno, msg);
  }
}

function file(fs: MemFs, name: string, parent = ROOT_ID) {
  const { entry, fh } = fs.create(parent, name, 0o644, 0o100, root);
  return { id: entry.nodeid, fh };
}

t.test('create, lookup, getattr and lookup counts', async (t) => {
  const fs = new MemFs({ uid: 7, gid: 8 });
  const rootAttr = fs.getattr(ROOT_ID);
  t.equal(rootAttr.mode & 0o170000, 0o040000, 'root is a directory');
  t.equal(rootAttr.uid, 7);
  t.equal(rootAttr.gid, 8);
  t.equal(rootAttr.nlink, 2);
  const { id, fh } = file(fs, 'a');
  t.equal(fs.lookup(ROOT_ID, 'a').nodeid, id);
  t.equal(fs.lookup(ROOT_ID, '.').nodeid, ROOT_ID);
  t.equal(fs.lookup(ROOT_ID, '..').nodeid, ROOT_ID, 'root is its own parent');
  throwsErrno(t, () => fs.lookup(ROOT_ID, 'nope'), E.ENOENT, 'missing name');
  throwsErrno(t, () => fs.lookup(id, 'x'), E.ENOTDIR, 'lookup in a file');
  throwsErrno(t, () => fs.create(ROOT_ID, 'a', 0o644, 0o200, root), E.EEXIST, 'O_EXCL');
  t.equal(fs.pathOf(id), '/a');
  fs.release(id, fh);
  // create + 1 lookup = 2 lookups: the node must survive unlink until both are forgotten
  fs.unlink(ROOT_ID, 'a');
  t.equal(fs.pathOf(id), undefined, 'an unlinked node has no path');
  t.equal(fs.getattr(id).nlink, 0);
  fs.forget(id, 1n);
  t.equal(fs.getattr(id).nlink, 0, 'still there with one lookup left');
  fs.forget(id, 1n);
  throwsErrno(t, () => fs.getattr(id), E.ENOENT, 'freed after the last forget');
});

t.test('unlinked-but-open files keep their data until release', async (t) => {
  const fs = new MemFs();
  const { id, fh } = file(fs, 'f');
  fs.write(id, fh, 0n, Buffer.from('hello'));
  fs.unlink(ROOT_ID, 'f');
  fs.forget(id, 1n);
  t.equal(fs.read(id, fh, 0n, 100).toString(), 'hello', 'readable after unlink+forget');
  fs.release(id, fh);
  throwsErrno(t, () => fs.getattr(id), E.ENOENT, 'gone after release');
  throwsErrno(t, () => fs.read(id, fh, 0n, 1), E.EBADF, 'released fh');
});

t.test('sparse and extending writes, truncate', async (t) => {
  const fs = new MemFs();
  const { id, fh } = file(fs, 'f');
  t.equal(fs.write(id, fh, 10n, Buffer.from('xy')), 2);
  t.equal(fs.getattr(id).size, 12n);
  t.same([...fs.read(id, fh, 0n, 100)], [...Buffer.alloc(10), 120, 121], 'hole reads as zeros');
  t.equal(fs.read(id, fh, 100n, 10).length, 0, 'read past EOF is empty');
  fs.write(id, fh, 0n, Buffer.alloc(5000, 1));
  fs.setattr(id, { size: 3n });
  fs.setattr(id, { size: 6000n });
  const back = fs.read(id, fh, 0n, 6000);
  t.equal(back.length, 6000);
  t.same([...back.subarray(0, 4)], [1, 1, 1, 0], 'extension after shrink is zero');
  t.equal(
    back.subarray(3).every((b) => b === 0),
    true,
  );
  // a write far past the end after a shrink must not expose old bytes
  fs.setattr(id, { size: 0n });
  fs.write(id, fh, 4000n, Buffer.from('z'));
  t.equal(
    fs.read(id, fh, 0n, 4000).every((b) => b === 0),
    true,
    'no stale bytes in the hole',
  );
  throwsErrno(t, () => fs.setattr(ROOT_ID, { size: 0n }), E.EISDIR, 'truncate a directory');
  throwsErrno(t, () => fs.write(id, fh, 1n << 40n, Buffer.from('a')), E.EFBIG, 'too large');
});

t.test('holes: past a short first chunk, whole missing chunks, across chunks', async (t) => {
  const fs = new MemFs();
  const { id, fh } = file(fs, 'f');
  fs.write(id, fh, 0n, Buffer.from('head'));
  fs.setattr(id, { size: 3n << 20n });
  t.equal(
    fs.read(id, fh, 500_000n, 8).every((b) => b === 0),
    true,
    'past the first chunk',
  );
  t.equal(
    fs.read(id, fh, 2n << 20n, 8).every((b) => b === 0),
    true,
    'a missing chunk',
  );
  fs.write(id, fh, (1n << 20n) - 2n, Buffer.from('abcd'));
  t.equal(fs.read(id, fh, (1n << 20n) - 3n, 6).toString('latin1'), '\0abcd\0', 'across chunks');
  fs.setattr(id, { size: (1n << 20n) - 1n });
  fs.setattr(id, { size: 2n << 20n });
  t.equal(
    fs.read(id, fh, (1n << 20n) - 2n, 4).toString('latin1'),
    'a\0\0\0',
    'cut bytes stay zero',
  );
  t.equal(fs.read(id, fh, 0n, 4).toString(), 'head');
});

t.test('many sequential writes into chunks', async (t) => {
  const fs = new MemFs();
  const { id, fh } = file(fs, 'big');
  const chunk = Buffer.alloc(128 * 1024, 7);
  for (let i = 0; i < 256; i++) fs.write(id, fh, BigInt(i * chunk.length), chunk);
  t.equal(fs.getattr(id).size, 32n * 1024n * 1024n);
  t.equal(fs.read(id, fh, 32n * 1024n * 1024n - 1n, 10)[0], 7);
});

t.test('setattr: mode, owner, times with ns and now', async (t) => {
  const fs = new MemFs();
  const { id } = file(fs, 'f');
  const before = fs.getattr(id);
  let a = fs.setattr(id, { mode: 0o4755, uid: 5, gid: 6 });
  t.equal(a.mode, 0o100000 | 0o4755, 'type bits kept');
  t.equal(a.uid, 5);
  t.equal(a.gid, 6);
  a = fs.setattr(id, { atime: { sec: 10n, nsec: 123456789 }, mtime: { sec: 20n, nsec: 5 } });
  t.same(a.atime, { sec: 10n, nsec: 123456789 });
  t.same(a.mtime, { sec: 20n, nsec: 5 });
  t.ok(a.ctime.sec >= before.ctime.sec, 'ctime moves on');
  a = fs.setattr(id, { mtime: 'now' });
  t.ok(a.mtime.sec > 1_600_000_000n, 'now is wall-clock time');
  t.same(a.atime, { sec: 10n, nsec: 123456789 }, 'atime untouched');
});

t.test('directories: mkdir, nlink, rmdir, readdir', async (t) => {
  const fs = new MemFs();
  const d = fs.mkdir(ROOT_ID, 'd', 0o755, user).nodeid;
  t.equal(fs.getattr(ROOT_ID).nlink, 3, "a subdirectory's .. links the parent");
  t.equal(fs.getattr(d).uid, 1000, 'owned by the caller');
  file(fs, 'x', d);
  throwsErrno(t, () => fs.rmdir(ROOT_ID, 'd'), E.ENOTEMPTY, 'rmdir non-empty');
  throwsErrno(t, () => fs.unlink(ROOT_ID, 'd'), E.EISDIR, 'unlink a directory');
  throwsErrno(t, () => fs.rmdir(d, 'x'), E.ENOTDIR, 'rmdir a file');
  fs.unlink(d, 'x');
  fs.rmdir(ROOT_ID, 'd');
  t.equal(fs.getattr(ROOT_ID).nlink, 2);
  throwsErrno(t, () => fs.mkdir(d, 'y', 0o755, root), E.ENOENT, 'create in a removed dir');
});

t.test('readdir offsets are stable while entries come and go', async (t) => {
  const fs = new MemFs();
  for (const n of ['a', 'b', 'c', 'd']) file(fs, n);
  const fh = fs.opendir(ROOT_ID);
  const first = fs.readdir(ROOT_ID, fh, 0n);
  t.same(
    first.map((e) => e.name),
    ['.', '..', 'a', 'b', 'c', 'd'],
  );
  t.equal(first[0]?.type, 4, 'DT_DIR');
  t.equal(first[2]?.type, 8, 'DT_REG');
  const afterB = first[3]!.off;
  fs.unlink(ROOT_ID, 'a');
  fs.unlink(ROOT_ID, 'c');
  file(fs, 'e');
  t.same(
    fs.readdir(ROOT_ID, fh, afterB).map((e) => e.name),
    ['d', 'e'],
    'resumes after b: c removed, d kept, e new at the end',
  );
  t.same(
    fs.readdir(ROOT_ID, fh, first[5]!.off).map((e) => e.name),
    ['e'],
  );
  const last = fs.readdir(ROOT_ID, fh, 0n).at(-1)!;
  t.same(fs.readdir(ROOT_ID, fh, last.off), [], 'empty at the end');
  fs.releasedir(ROOT_ID, fh);
  throwsErrno(t, () => fs.readdir(ROOT_ID, fh, 0n), E.EBADF, 'released handle');
});

t.test('rename: replace, noreplace, exchange and the errors', async (t) => {
  const fs = new MemFs();
  const a = file(fs, 'a').id;
  const b = file(fs, 'b').id;
  const d = fs.mkdir(ROOT_ID, 'd', 0o755, root).nodeid;
  const e = fs.mkdir(ROOT_ID, 'e', 0o755, root).nodeid;
  const sub = fs.mkdir(d, 'sub', 0o755, root).nodeid;
  throwsErrno(t, () => fs.rename(ROOT_ID, 'a', ROOT_ID, 'b', 1), E.EEXIST, 'NOREPLACE');
  throwsErrno(
    t,
    () => fs.rename(ROOT_ID, 'a', ROOT_ID, 'zz', 2),
    E.ENOENT,
    'EXCHANGE needs a target',
  );
  throwsErrno(t, () => fs.rename(ROOT_ID, 'a', ROOT_ID, 'b', 3), E.EINVAL, 'both flags');
  throwsErrno(t, () => fs.rename(ROOT_ID, 'a', ROOT_ID, 'd', 0), E.EISDIR, 'file over dir');
  throwsErrno(t, () => fs.rename(ROOT_ID, 'e', ROOT_ID, 'a', 0), E.ENOTDIR, 'dir over file');
  throwsErrno(t, () => fs.rename(ROOT_ID, 'e', ROOT_ID, 'd', 0), E.ENOTEMPTY, 'over non-empty');
  throwsErrno(t, () => fs.rename(ROOT_ID, 'd', sub, 'x', 0), E.EINVAL, 'into itself');
  throwsErrno(t, () => fs.rename(ROOT_ID, 'nope', ROOT_ID, 'x', 0), E.ENOENT, 'no source');
  fs.rename(ROOT_ID, 'a', ROOT_ID, 'b', 2);
  t.equal(fs.lookup(ROOT_ID, 'b').nodeid, a, 'exchanged');
  t.equal(fs.lookup(ROOT_ID, 'a').nodeid, b, 'exchanged');
  fs.rename(ROOT_ID, 'a', ROOT_ID, 'b', 0);
  t.equal(fs.lookup(ROOT_ID, 'b').nodeid, b, 'replaced');
  throwsErrno(t, () => fs.lookup(ROOT_ID, 'a'), E.ENOENT, 'old name gone');
  t.equal(fs.getattr(a).nlink, 0, 'the replaced file lost its name');
  fs.rename(d, 'sub', e, 'moved', 0);
  t.equal(fs.pathOf(sub), '/e/moved');
  t.equal(fs.getattr(d).nlink, 2);
  t.equal(fs.getattr(e).nlink, 3, 'subdir counts move with it');
  fs.rename(ROOT_ID, 'd', ROOT_ID, 'e', 2);
  t.equal(fs.pathOf(sub), '/d/moved', 'exchange of directories');
  fs.link(b, e, 'hard');
  fs.rename(ROOT_ID, 'b', e, 'hard', 0);
  t.equal(fs.getattr(b).nlink, 2, 'rename onto another name of the same inode does nothing');
});

t.test('link, symlink, readlink, mknod', async (t) => {
  const fs = new MemFs();
  const { id } = file(fs, 'f');
  const l = fs.link(id, ROOT_ID, 'g');
  t.equal(l.nodeid, id);
  t.equal(l.attr.nlink, 2);
  throwsErrno(t, () => fs.link(ROOT_ID, ROOT_ID, 'r'), E.EPERM, 'link a directory');
  throwsErrno(t, () => fs.link(id, ROOT_ID, 'g'), E.EEXIST, 'link over a name');
  fs.unlink(ROOT_ID, 'f');
  t.equal(fs.pathOf(id), '/g', 'path follows the remaining name');
  const s = fs.symlink(ROOT_ID, 's', '../target', root);
  t.equal(s.attr.mode & 0o170000, 0o120000);
  t.equal(s.attr.size, 9n);
  t.equal(fs.readlink(s.nodeid), '../target');
  throwsErrno(t, () => fs.readlink(id), E.EINVAL, 'readlink a file');
  const p = fs.mknod(ROOT_ID, 'p', 0o010644, 0, root);
  t.equal(p.attr.mode, 0o010644, 'fifo');
  const r = fs.mknod(ROOT_ID, 'r', 0o600, 0, root);
  t.equal(r.attr.mode, 0o100600, 'type 0 is a regular file');
  const fh = fs.open(r.nodeid, 2);
  t.equal(fs.write(r.nodeid, fh, 0n, Buffer.from('ok')), 2, 'mknod file is writable');
  throwsErrno(t, () => fs.mkdir(ROOT_ID, 'a/b', 0o755, root), E.EINVAL, 'slash in name');
  throwsErrno(t, () => fs.mkdir(ROOT_ID, 'x'.repeat(256), 0o755, root), E.ENAMETOOLONG, 'long');
});

t.test('open: O_TRUNC, directories', async (t) => {
  const fs = new MemFs();
  const { id, fh } = file(fs, 'f');
  fs.write(id, fh, 0n, Buffer.from('data'));
  fs.open(id, 0o1002);
  t.equal(fs.getattr(id).size, 0n, 'O_TRUNC|O_RDWR truncates');
  throwsErrno(t, () => fs.open(ROOT_ID, 1), E.EISDIR, 'open a directory for writing');
  throwsErrno(t, () => fs.opendir(id), E.ENOTDIR, 'opendir a file');
});

t.test('access against mode bits', async (t) => {
  const fs = new MemFs();
  const { id } = file(fs, 'f');
  fs.setattr(id, { mode: 0o640, uid: 1000, gid: 2000 });
  fs.access(id, 6, user);
  throwsErrno(t, () => fs.access(id, 1, user), E.EACCES, 'owner without x');
  fs.access(id, 4, { uid: 5, gid: 2000, pid: 3 });
  throwsErrno(t, () => fs.access(id, 2, { uid: 5, gid: 2000, pid: 3 }), E.EACCES, 'group r only');
  throwsErrno(t, () => fs.access(id, 4, { uid: 5, gid: 5, pid: 3 }), E.EACCES, 'other none');
  fs.access(id, 6, root);
  throwsErrno(t, () => fs.access(id, 1, root), E.EACCES, 'root needs an x bit to exec');
  fs.setattr(id, { mode: 0o601 });
  fs.access(id, 1, root);
  fs.access(ROOT_ID, 1, root);
  fs.access(id, 0, { uid: 9, gid: 9, pid: 1 });
});

t.test('statfs counts nodes and blocks', async (t) => {
  const fs = new MemFs();
  const before = fs.statfs();
  const { id, fh } = file(fs, 'f');
  fs.write(id, fh, 0n, Buffer.alloc(8192));
  const after = fs.statfs();
  t.equal(before.ffree - after.ffree, 1n);
  t.equal(before.bfree - after.bfree, 2n);
  t.equal(after.namelen, 255);
});
