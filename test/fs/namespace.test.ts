// Names: rename with its flags and errors, hard links, symlinks, mknod.
import { constants } from 'node:os';
import t from 'tap';
import { MemFs } from '../../src/fs/memfs.js';
import { ROOT_ID } from '../../src/fs/types.js';
import { file, root, throwsErrno } from './helpers.js';

const E = constants.errno;

t.test('rename: replace, noreplace, exchange and the errors', async (t) => {
  const fs = new MemFs();
  const a = file(fs, 'a').id;
  const b = file(fs, 'b').id;
  const d = fs.mkdir(ROOT_ID, 'd', 0o755, root).nodeid;
  const e = fs.mkdir(ROOT_ID, 'e', 0o755, root).nodeid;
  const sub = fs.mkdir(d, 'sub', 0o755, root).nodeid;
  throwsErrno(t, () => fs.rename(ROOT_ID, 'a', ROOT_ID, 'b', 1, root), E.EEXIST, 'NOREPLACE');
  throwsErrno(
    t,
    () => fs.rename(ROOT_ID, 'a', ROOT_ID, 'zz', 2, root),
    E.ENOENT,
    'EXCHANGE needs a target',
  );
  throwsErrno(t, () => fs.rename(ROOT_ID, 'a', ROOT_ID, 'b', 3, root), E.EINVAL, 'both flags');
  throwsErrno(t, () => fs.rename(ROOT_ID, 'a', ROOT_ID, 'd', 0, root), E.EISDIR, 'file over dir');
  throwsErrno(t, () => fs.rename(ROOT_ID, 'e', ROOT_ID, 'a', 0, root), E.ENOTDIR, 'dir over file');
  throwsErrno(
    t,
    () => fs.rename(ROOT_ID, 'e', ROOT_ID, 'd', 0, root),
    E.ENOTEMPTY,
    'over non-empty',
  );
  throwsErrno(t, () => fs.rename(ROOT_ID, 'd', sub, 'x', 0, root), E.EINVAL, 'into itself');
  throwsErrno(t, () => fs.rename(ROOT_ID, 'nope', ROOT_ID, 'x', 0, root), E.ENOENT, 'no source');
  fs.rename(ROOT_ID, 'a', ROOT_ID, 'b', 2, root);
  t.equal(fs.lookup(ROOT_ID, 'b', root).nodeid, a, 'exchanged');
  t.equal(fs.lookup(ROOT_ID, 'a', root).nodeid, b, 'exchanged');
  fs.rename(ROOT_ID, 'a', ROOT_ID, 'b', 0, root);
  t.equal(fs.lookup(ROOT_ID, 'b', root).nodeid, b, 'replaced');
  throwsErrno(t, () => fs.lookup(ROOT_ID, 'a', root), E.ENOENT, 'old name gone');
  t.equal(fs.getattr(a).nlink, 0, 'the replaced file lost its name');
  fs.rename(d, 'sub', e, 'moved', 0, root);
  t.equal(fs.pathOf(sub), '/e/moved');
  t.equal(fs.getattr(d).nlink, 2);
  t.equal(fs.getattr(e).nlink, 3, 'subdir counts move with it');
  fs.rename(ROOT_ID, 'd', ROOT_ID, 'e', 2, root);
  t.equal(fs.pathOf(sub), '/d/moved', 'exchange of directories');
  fs.link(b, e, 'hard', root);
  fs.rename(ROOT_ID, 'b', e, 'hard', 0, root);
  t.equal(fs.getattr(b).nlink, 2, 'rename onto another name of the same inode does nothing');
});

t.test('link, symlink, readlink, mknod', async (t) => {
  const fs = new MemFs();
  const { id } = file(fs, 'f');
  const l = fs.link(id, ROOT_ID, 'g', root);
  t.equal(l.nodeid, id);
  t.equal(l.attr.nlink, 2);
  throwsErrno(t, () => fs.link(ROOT_ID, ROOT_ID, 'r', root), E.EPERM, 'link a directory');
  throwsErrno(t, () => fs.link(id, ROOT_ID, 'g', root), E.EEXIST, 'link over a name');
  fs.unlink(ROOT_ID, 'f', root);
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
  const fh = fs.open(r.nodeid, 2, root);
  t.equal(fs.write(r.nodeid, fh, 0n, Buffer.from('ok'), root), 2, 'mknod file is writable');
  throwsErrno(t, () => fs.mkdir(ROOT_ID, 'a/b', 0o755, root), E.EINVAL, 'slash in name');
  throwsErrno(t, () => fs.mkdir(ROOT_ID, 'x'.repeat(256), 0o755, root), E.ENAMETOOLONG, 'long');
});
