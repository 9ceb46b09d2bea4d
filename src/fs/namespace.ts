// Names in directories: adding and removing links, and rename(2) with its
// flags, following the checks of the VFS (vfs_rename, may_delete) that a
// FUSE server still sees, since the kernel leaves the rest to the server.
import { E, fail } from './errno.js';
import { isDir, touchContent, type Node } from './node.js';
import type { NodeTable } from './table.js';
import { now } from './time.js';

const RENAME_NOREPLACE = 1;
export const RENAME_EXCHANGE = 2;
const RENAME_WHITEOUT = 4;
const NAME_MAX = 255;

/** The directory node, or ENOTDIR. */
export function dirOf(node: Node): Node & { entries: NonNullable<Node['entries']> } {
  if (!node.entries) fail(E.ENOTDIR);
  return node as Node & { entries: NonNullable<Node['entries']> };
}

/** Throws for a name no directory may hold. */
export function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/')) fail(E.EINVAL, name);
  if (Buffer.byteLength(name) > NAME_MAX) fail(E.ENAMETOOLONG);
}

/** Gives `node` the name `name` in `parent`. */
export function addLink(parent: Node, name: string, node: Node): void {
  dirOf(parent).entries.set(name, node);
  node.links.push({ parent, name });
  if (isDir(node)) parent.subdirs++;
  touchContent(parent);
  node.ctime = now();
}

/** Removes the name `name` of `node` from `parent`. */
export function removeLink(parent: Node, name: string, node: Node): void {
  dirOf(parent).entries.delete(name);
  const i = node.links.findIndex((l) => l.parent === parent && l.name === name);
  if (i >= 0) node.links.splice(i, 1);
  if (isDir(node)) parent.subdirs--;
  touchContent(parent);
  node.ctime = now();
}

/** True if `dir` is `node` or lies below it (moving node there would detach a loop). */
function isWithin(dir: Node, node: Node): boolean {
  for (let cur: Node | undefined = dir; cur;) {
    if (cur === node) return true;
    const up: Node | undefined = cur.links[0]?.parent;
    // the root is its own parent
    cur = up === cur ? undefined : up;
  }
  return false;
}

/** rename(2) / renameat2(2) with RENAME_NOREPLACE and RENAME_EXCHANGE. */
export function rename(
  table: NodeTable,
  from: Node,
  name: string,
  to: Node,
  newName: string,
  flags: number,
): void {
  if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) fail(E.EINVAL);
  if (flags & RENAME_WHITEOUT) fail(E.EINVAL, 'RENAME_WHITEOUT');
  if (flags & RENAME_NOREPLACE && flags & RENAME_EXCHANGE) fail(E.EINVAL);
  checkName(newName);
  const src = dirOf(from).entries.get(name) ?? fail(E.ENOENT, name);
  const dst = dirOf(to).entries.get(newName);
  if (flags & RENAME_EXCHANGE) {
    if (!dst) fail(E.ENOENT, newName);
    if (src === dst) return;
    if ((isDir(src) && isWithin(to, src)) || (isDir(dst) && isWithin(from, dst))) fail(E.EINVAL);
    removeLink(from, name, src);
    removeLink(to, newName, dst);
    addLink(to, newName, src);
    addLink(from, name, dst);
    return;
  }
  // two names of one inode: POSIX says rename does nothing and succeeds
  if (src === dst) return;
  if (dst && flags & RENAME_NOREPLACE) fail(E.EEXIST, newName);
  if (isDir(src)) {
    if (isWithin(to, src)) fail(E.EINVAL, 'a directory cannot move into itself');
    if (dst && !isDir(dst)) fail(E.ENOTDIR, newName);
    if (dst && dirOf(dst).entries.size > 0) fail(E.ENOTEMPTY, newName);
  } else if (dst && isDir(dst)) {
    fail(E.EISDIR, newName);
  }
  if (dst) {
    removeLink(to, newName, dst);
    table.maybeFree(dst);
  }
  removeLink(from, name, src);
  addLink(to, newName, src);
}
