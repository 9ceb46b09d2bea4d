// FUSE_ACCESS against mode bits for root and for other callers.
import { constants } from 'node:os';
import t from 'tap';
import { MemFs } from '../../src/fs/memfs.js';
import { ROOT_ID } from '../../src/fs/types.js';
import { file, root, throwsErrno, user } from './helpers.js';

const E = constants.errno;

t.test('access against mode bits', async (t) => {
  const fs = new MemFs();
  const { id } = file(fs, 'f');
  fs.setattr(id, { mode: 0o640, uid: 1000, gid: 2000 }, root);
  fs.access(id, 6, user);
  throwsErrno(t, () => fs.access(id, 1, user), E.EACCES, 'owner without x');
  fs.access(id, 4, { uid: 5, gid: 2000, pid: 3 });
  throwsErrno(t, () => fs.access(id, 2, { uid: 5, gid: 2000, pid: 3 }), E.EACCES, 'group r only');
  throwsErrno(t, () => fs.access(id, 4, { uid: 5, gid: 5, pid: 3 }), E.EACCES, 'other none');
  fs.access(id, 6, root);
  throwsErrno(t, () => fs.access(id, 1, root), E.EACCES, 'root needs an x bit to exec');
  fs.setattr(id, { mode: 0o601 }, root);
  fs.access(id, 1, root);
  fs.access(ROOT_ID, 1, root);
  fs.access(id, 0, { uid: 9, gid: 9, pid: 1 });
});
