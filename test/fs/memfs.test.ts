// MemFs semantics without a mount: lookups and lifetimes, attributes, open, statfs.
import { constants } from 'node:os';
import t from 'tap';
import { MemFs } from '../../src/fs/memfs.js';
import { ROOT_ID } from '../../src/fs/types.js';
import { file, root, throwsErrno } from './helpers.js';

const E = constants.errno;

t.test('create, lookup, getattr and lookup counts', async (t) => {
  const fs = new MemFs({ uid: 7, gid: 8 });
  const rootAttr = fs.getattr(ROOT_ID);
  t.equal(rootAttr.mode & 0o170000, 0o040000, 'root is a directory');
  t.equal(rootAttr.uid, 7);
  t.equal(rootAttr.gid, 8);
  t.equal(rootAttr.nlink, 2);
  const { id, fh } = file(fs, 'a');
  t.equal(fs.lookup(ROOT_ID, 'a', root).nodeid, id);
  t.equal(fs.lookup(ROOT_ID, '.', root).nodeid, ROOT_ID);
  t.equal(fs.lookup(ROOT_ID, '..', root).nodeid, ROOT_ID, 'root is its own parent');
  throwsErrno(t, () => fs.lookup(ROOT_ID, 'nope', root), E.ENOENT, 'missing name');
  throwsErrno(t, () => fs.lookup(id, 'x', root), E.ENOTDIR, 'lookup in a file');
  throwsErrno(t, () => fs.create(ROOT_ID, 'a', 0o644, 0o200, root), E.EEXIST, 'O_EXCL');
  t.equal(fs.pathOf(id), '/a');
  fs.release(id, fh);
  // create + 1 lookup = 2 lookups: the node must survive unlink until both are forgotten
  fs.unlink(ROOT_ID, 'a', root);
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
  fs.write(id, fh, 0n, Buffer.from('hello'), root);
  fs.unlink(ROOT_ID, 'f', root);
  fs.forget(id, 1n);
  t.equal(fs.read(id, fh, 0n, 100).toString(), 'hello', 'readable after unlink+forget');
  fs.release(id, fh);
  throwsErrno(t, () => fs.getattr(id), E.ENOENT, 'gone after release');
  throwsErrno(t, () => fs.read(id, fh, 0n, 1), E.EBADF, 'released fh');
});

t.test('setattr: mode, owner, times with ns and now', async (t) => {
  const fs = new MemFs();
  const { id } = file(fs, 'f');
  const before = fs.getattr(id);
  let a = fs.setattr(id, { mode: 0o4755, uid: 5, gid: 6 }, root);
  t.equal(a.mode, 0o100000 | 0o4755, 'type bits kept');
  t.equal(a.uid, 5);
  t.equal(a.gid, 6);
  a = fs.setattr(id, { atime: { sec: 10n, nsec: 123456789 }, mtime: { sec: 20n, nsec: 5 } }, root);
  t.same(a.atime, { sec: 10n, nsec: 123456789 });
  t.same(a.mtime, { sec: 20n, nsec: 5 });
  t.ok(a.ctime.sec >= before.ctime.sec, 'ctime moves on');
  a = fs.setattr(id, { mtime: 'now' }, root);
  t.ok(a.mtime.sec > 1_600_000_000n, 'now is wall-clock time');
  t.same(a.atime, { sec: 10n, nsec: 123456789 }, 'atime untouched');
});

t.test('open: O_TRUNC, directories', async (t) => {
  const fs = new MemFs();
  const { id, fh } = file(fs, 'f');
  fs.write(id, fh, 0n, Buffer.from('data'), root);
  fs.open(id, 0o1002, root);
  t.equal(fs.getattr(id).size, 0n, 'O_TRUNC|O_RDWR truncates');
  throwsErrno(t, () => fs.open(ROOT_ID, 1, root), E.EISDIR, 'open a directory for writing');
  throwsErrno(t, () => fs.opendir(id, root), E.ENOTDIR, 'opendir a file');
});

t.test('statfs counts nodes and blocks', async (t) => {
  const fs = new MemFs();
  const before = fs.statfs();
  const { id, fh } = file(fs, 'f');
  fs.write(id, fh, 0n, Buffer.alloc(8192), root);
  const after = fs.statfs();
  t.equal(before.ffree - after.ffree, 1n);
  t.equal(before.bfree - after.bfree, 2n);
  t.equal(after.namelen, 255);
});
