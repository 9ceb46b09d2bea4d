// Shared by the MemFs tests: errno assertions and quick file creation.
import type { Test } from 'tap';
import { FsError } from '../../src/errors.js';
import type { MemFs } from '../../src/fs/memfs.js';
import { ROOT_ID } from '../../src/fs/types.js';

/** Callers for the tests: root and an ordinary user. */
export const root = { uid: 0, gid: 0, pid: 1 };
export const user = { uid: 1000, gid: 1000, pid: 2 };

/** Asserts that fn throws FsError(errno). */
export function throwsErrno(t: Test, fn: () => unknown, errno: number, msg: string) {
  try {
    fn();
    t.fail(`${msg}: did not throw`);
  } catch (e) {
    t.ok(e instanceof FsError, `${msg}: FsError`);
    t.equal((e as FsError).errno, errno, msg);
  }
}

/** Creates a regular file NAME (O_CREAT) and returns its node id and open handle. */
export function file(fs: MemFs, name: string, parent = ROOT_ID) {
  const { entry, fh } = fs.create(parent, name, 0o644, 0o100, root);
  return { id: entry.nodeid, fh };
}
