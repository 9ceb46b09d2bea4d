// libfuse2's high-level API names nodes by path; MemFs by node id. Walk the
// path with lookups from the root, giving each lookup back at once: the kernel
// holds libfuse's node ids, not ours, so nothing here may pin a MemFs node.
import { E } from '../../fs/errno.js';
import { FsError } from '../../errors.js';
import type { Caller, FileSystem } from '../../fs/types.js';
import { ROOT_ID } from '../../fs/types.js';

// fuse-native hides who asks (see ops.ts): the walk is done as root
const WALKER: Caller = { uid: 0, gid: 0, pid: 0 };

/** The node id at `path` ('/a/b'); throws FsError(ENOENT/ENOTDIR) like a walk would. */
export function resolvePath(fs: FileSystem, path: string): bigint {
  let id = ROOT_ID;
  for (const part of path.split('/')) {
    if (part === '') continue;
    id = fs.lookup(id, part, WALKER).nodeid;
    fs.forget(id, 1n);
  }
  return id;
}

/** The node id at `path`, or undefined when the walk fails. */
export function tryResolve(fs: FileSystem, path: string): bigint | undefined {
  try {
    return resolvePath(fs, path);
  } catch (e) {
    if (e instanceof FsError) return undefined;
    throw e;
  }
}

/** The parent directory's node id and the last name of `path`. */
export function parentOf(fs: FileSystem, path: string): { parent: bigint; name: string } {
  const i = path.lastIndexOf('/');
  const name = path.slice(i + 1);
  if (name === '') throw new FsError(E.EINVAL, `no name in ${path}`);
  return { parent: resolvePath(fs, path.slice(0, i)), name };
}
