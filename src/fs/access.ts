// Permission checks for FUSE_ACCESS, as the kernel's generic_permission() does
// them for a caller with only a uid and one gid (FUSE does not send the
// supplementary groups).
import { E, fail } from './errno.js';
import { isDir, type Node } from './node.js';
import type { Caller } from './types.js';

const R_OK = 4;
const W_OK = 2;
const X_OK = 1;

/** Throws EACCES unless `caller` may access `node` with `mask` (R_OK|W_OK|X_OK; 0 = exists). */
export function checkAccess(node: Node, mask: number, caller: Caller): void {
  const want = mask & (R_OK | W_OK | X_OK);
  if (want === 0) return;
  if (caller.uid === 0) {
    // CAP_DAC_OVERRIDE: read and write always; execute only if some x bit is set,
    // while searching a directory is always allowed (capable_wrt_inode_uidgid)
    if (want & X_OK && !isDir(node) && (node.mode & 0o111) === 0) fail(E.EACCES);
    return;
  }
  let bits: number;
  if (caller.uid === node.uid) bits = (node.mode >> 6) & 7;
  else if (caller.gid === node.gid) bits = (node.mode >> 3) & 7;
  else bits = node.mode & 7;
  if ((bits & want) !== want) fail(E.EACCES);
}
