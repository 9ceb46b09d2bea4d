// Directories: nlink, rmdir, and readdir cookies that survive changes between calls.
import { constants } from 'node:os';
import t from 'tap';
import { MemFs } from '../../src/fs/memfs.js';
import { ROOT_ID } from '../../src/fs/types.js';
import { file, root, throwsErrno, user } from './helpers.js';

const E = constants.errno;

t.test('directories: mkdir, nlink, rmdir, readdir', async (t) => {
  const fs = new MemFs();
  const d = fs.mkdir(ROOT_ID, 'd', 0o755, user).nodeid;
  t.equal(fs.getattr(ROOT_ID).nlink, 3, "a subdirectory's .. links the parent");
  t.equal(fs.getattr(d).uid, 1000, 'owned by the caller');
  file(fs, 'x', d);
  throwsErrno(t, () => fs.rmdir(ROOT_ID, 'd', root), E.ENOTEMPTY, 'rmdir non-empty');
  throwsErrno(t, () => fs.unlink(ROOT_ID, 'd', root), E.EISDIR, 'unlink a directory');
  throwsErrno(t, () => fs.rmdir(d, 'x', root), E.ENOTDIR, 'rmdir a file');
  fs.unlink(d, 'x', root);
  fs.rmdir(ROOT_ID, 'd', root);
  t.equal(fs.getattr(ROOT_ID).nlink, 2);
  throwsErrno(t, () => fs.mkdir(d, 'y', 0o755, root), E.ENOENT, 'create in a removed dir');
});

t.test('readdir offsets are stable while entries come and go', async (t) => {
  const fs = new MemFs();
  for (const n of ['a', 'b', 'c', 'd']) file(fs, n);
  const fh = fs.opendir(ROOT_ID, root);
  const first = fs.readdir(ROOT_ID, fh, 0n);
  t.same(
    first.map((e) => e.name),
    ['.', '..', 'a', 'b', 'c', 'd'],
  );
  t.equal(first[0]?.type, 4, 'DT_DIR');
  t.equal(first[2]?.type, 8, 'DT_REG');
  const afterB = first[3]!.off;
  fs.unlink(ROOT_ID, 'a', root);
  fs.unlink(ROOT_ID, 'c', root);
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
