// Who may do what on the in-memory filesystem. Mounted with default_permissions,
// the kernel checks modes and ownership before a request reaches us
// (fuse_permission -> generic_permission, setattr_prepare), so the filesystem
// checks nothing more. Without it the kernel checks only the exec bits for
// execve (fs/fuse/dir.c fuse_permission) and sends SETATTR with ATTR_FORCE:
// every other check is the server's, and serverChecks makes them here.
import {
  checkAccess,
  checkSticky,
  droppedPrivs,
  inGroupOrRoot,
  openMask,
  ownsOrRoot,
  R_OK,
  S_ISGID,
  W_OK,
  X_OK,
} from './access.js';
import { E, fail } from './errno.js';
import type { Node } from './node.js';
import type { Caller, SetAttr } from './types.js';

/** The checks for each kind of request; each throws FsError when refused. */
export interface Policy {
  /** LOOKUP: search (x) on the directory */
  lookup(dir: Node, caller: Caller): void;
  /** a new name in DIR (create, mkdir, mknod, symlink, link): write and search (may_create) */
  create(dir: Node, caller: Caller): void;
  /** NODE's name leaves DIR (unlink, rmdir, rename): may_create plus the sticky rule (may_delete) */
  remove(dir: Node, node: Node, caller: Caller): void;
  /** a directory renamed into another parent: its ".." changes, so it must be writable (vfs_rename) */
  reparent(dir: Node, caller: Caller): void;
  /** OPEN of a file with open(2) FLAGS */
  open(node: Node, flags: number, caller: Caller): void;
  /** OPENDIR: listing needs read */
  opendir(dir: Node, caller: Caller): void;
  /** what SETATTR may do: refuses (EPERM, EACCES) or returns SET with the mode to store */
  setattr(node: Node, set: SetAttr, caller: Caller): SetAttr;
  /** after CALLER wrote to NODE: its mode without setuid/setgid, or undefined */
  written(node: Node, caller: Caller): number | undefined;
}

/** default_permissions: the kernel has checked everything already. */
export const kernelChecks: Policy = {
  lookup: () => undefined,
  create: () => undefined,
  remove: () => undefined,
  reparent: () => undefined,
  open: () => undefined,
  opendir: () => undefined,
  setattr: (_node, set) => set,
  written: () => undefined,
};

/** No default_permissions: the filesystem enforces ownership and modes itself. */
export const serverChecks: Policy = {
  lookup: (dir, caller) => checkAccess(dir, X_OK, caller),
  create: (dir, caller) => checkAccess(dir, W_OK | X_OK, caller),
  remove: (dir, node, caller) => {
    checkAccess(dir, W_OK | X_OK, caller);
    checkSticky(dir, node, caller);
  },
  reparent: (dir, caller) => checkAccess(dir, W_OK, caller),
  open: (node, flags, caller) => checkAccess(node, openMask(flags), caller),
  opendir: (dir, caller) => checkAccess(dir, R_OK, caller),
  setattr: checkSetattr,
  // file_remove_privs: a write by a caller without CAP_FSETID; with
  // FUSE_HANDLE_KILLPRIV the kernel leaves this to the server
  written: (node, caller) => (caller.uid === 0 ? undefined : droppedPrivs(node, caller)),
};

// setattr_prepare as the kernel runs it without ATTR_FORCE, then what
// FUSE_HANDLE_KILLPRIV leaves to the server (fuse_setattr sends no mode for it).
function checkSetattr(node: Node, set: SetAttr, caller: Caller): SetAttr {
  const out: SetAttr = { ...set };
  const root = caller.uid === 0;
  const owner = ownsOrRoot(node, caller);
  // chown_ok: only root gives a file away (the owner may "change" it to itself)
  if (set.uid !== undefined && !root && !(caller.uid === node.uid && set.uid === node.uid))
    fail(E.EPERM, 'chown');
  // chgrp_ok: the owner may pick one of its groups; FUSE sends one gid, so that one
  if (set.gid !== undefined && !root) {
    const mine = set.gid === node.gid || set.gid === caller.gid;
    if (caller.uid !== node.uid || !mine) fail(E.EPERM, 'chgrp');
  }
  if (set.mode !== undefined) {
    if (!owner) fail(E.EPERM, 'chmod');
    // a caller outside the file's group cannot set setgid: the bit is dropped
    if (!inGroupOrRoot(set.gid ?? node.gid, caller)) out.mode = set.mode & ~S_ISGID;
  }
  for (const t of [set.atime, set.mtime]) {
    if (t === undefined) continue;
    // a given time only by the owner; "now" also by whoever may write (may_setattr)
    if (t !== 'now' && !owner) fail(E.EPERM, 'utimes');
    if (t === 'now' && !owner) checkAccess(node, W_OK, caller);
  }
  // truncate(2) needs write permission; ftruncate(2) (with a handle) was checked at open
  if (set.size !== undefined && set.fh === undefined) checkAccess(node, W_OK, caller);
  if (out.mode === undefined) {
    // chown drops setuid for anyone (chown_common), truncate without CAP_FSETID
    const chown = set.uid !== undefined || set.gid !== undefined;
    const truncate = set.size !== undefined && !root;
    const mode = chown || truncate ? droppedPrivs(node, caller) : undefined;
    if (mode !== undefined) out.mode = mode;
  }
  return out;
}
