// Permission facts, one helper each, as the kernel's VFS decides them
// (generic_permission, inode_owner_or_capable, check_sticky, should_remove_suid)
// for a caller with only a uid and one gid: FUSE sends no supplementary groups,
// so "in the group" means the one gid, and uid 0 stands for every capability.
import { E, fail } from './errno.js';
import { isDir, S_IFMT, S_IFREG, type Node } from './node.js';
import type { Caller } from './types.js';

export const R_OK = 4;
export const W_OK = 2;
export const X_OK = 1;
export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;
const S_IXGRP = 0o010;
const O_ACCMODE = 3;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_TRUNC = 0o1000;
// __FMODE_EXEC: open_exec's open flag, passed on in FUSE_OPEN's flags (fuse_open_common)
const FMODE_EXEC = 0x20;

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

/** The owner, or root (inode_owner_or_capable). */
export function ownsOrRoot(node: Node, caller: Caller): boolean {
  return caller.uid === 0 || caller.uid === node.uid;
}

/** In group GID, or root (in_group_or_capable): the one gid FUSE sends. */
export function inGroupOrRoot(gid: number, caller: Caller): boolean {
  return caller.uid === 0 || caller.gid === gid;
}

/** The access an open(2) with FLAGS needs (may_open: O_TRUNC writes, exec needs x, not r). */
export function openMask(flags: number): number {
  const acc = flags & O_ACCMODE;
  let mask = acc === O_WRONLY ? W_OK : acc === O_RDWR ? R_OK | W_OK : R_OK;
  if (flags & FMODE_EXEC) mask = X_OK;
  if (flags & O_TRUNC) mask |= W_OK;
  return mask;
}

/**
 * EPERM when DIR is sticky and the caller owns neither DIR nor NODE and is not
 * root: only they may remove or rename a name in /tmp-like directories (check_sticky).
 */
export function checkSticky(dir: Node, node: Node, caller: Caller): void {
  if (!(dir.mode & S_ISVTX) || caller.uid === 0) return;
  if (caller.uid !== node.uid && caller.uid !== dir.uid) fail(E.EPERM, 'sticky directory');
}

/**
 * NODE's mode once a write, truncate or chown by CALLER dropped its privileges,
 * or undefined when nothing changes (should_remove_suid, setattr_should_drop_sgid):
 * setuid always goes; setgid when group-executable (without x it marks mandatory
 * locking) or when the caller is not in the file's group. Only for regular files.
 */
export function droppedPrivs(node: Node, caller: Caller): number | undefined {
  if ((node.mode & S_IFMT) !== S_IFREG) return undefined;
  let mode = node.mode & ~S_ISUID;
  const sgid = node.mode & S_ISGID;
  if (sgid && (node.mode & S_IXGRP || !inGroupOrRoot(node.gid, caller))) mode &= ~S_ISGID;
  return mode === node.mode ? undefined : mode & 0o7777;
}
