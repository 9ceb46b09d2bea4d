// The in-memory filesystem every backend serves: inode based like the kernel's
// FUSE low-level protocol, synchronous (the engine adds every delay and fault).
import { constants as fsc } from 'node:fs';
import { checkAccess, S_ISGID } from './access.js';
import { MAX_FILE_SIZE } from './data.js';
import { E, fail } from './errno.js';
import { addLink, checkName, dirOf, removeLink, rename, RENAME_EXCHANGE } from './namespace.js';
import * as N from './node.js';
import { listHandle, openNode, readHandle, statfsOf, writeHandle } from './io.js';
import { kernelChecks, serverChecks, type Policy } from './policy.js';
import { NodeTable } from './table.js';
import { now } from './time.js';
import type { Attr, Caller, DirEntry, Entry, FileSystem, SetAttr, StatFs } from './types.js';

/** Options of a MemFs: the owner of its root directory, and who checks permissions. */
export interface MemFsOptions {
  uid?: number;
  gid?: number;
  /**
   * true: check ownership and modes on every request, for a mount without
   * default_permissions; the kernel must then leave dropping setuid/setgid on
   * write, truncate and chown to us (FUSE_HANDLE_KILLPRIV). false (default):
   * the kernel checked them (default_permissions).
   */
  checkPermissions?: boolean;
}

/** An in-memory FileSystem: files, directories, symlinks, fifos and device nodes. */
export class MemFs implements FileSystem {
  private readonly t: NodeTable;
  private readonly may: Policy;

  constructor({ uid = 0, gid = 0, checkPermissions = false }: MemFsOptions = {}) {
    this.t = new NodeTable(N.S_IFDIR | 0o755, uid, gid);
    this.may = checkPermissions ? serverChecks : kernelChecks;
    this.t.root.links.push({ parent: this.t.root, name: '' });
  }

  // Every reply that carries an entry counts as one lookup the kernel must FORGET.
  private entry(node: N.Node): Entry {
    node.lookups++;
    return { nodeid: node.ino, generation: 0n, attr: N.attrOf(node) };
  }

  // A directory that can still take new names (rmdir'ed ones cannot: ENOENT).
  private liveDir(nodeid: bigint): N.Node {
    const dir = dirOf(this.t.get(nodeid));
    if (dir.links.length === 0) fail(E.ENOENT, 'directory was removed');
    return dir;
  }

  private newChild(parent: bigint, name: string, mode: number, caller: Caller, rdev = 0): N.Node {
    const dir = this.liveDir(parent);
    checkName(name);
    if (dirOf(dir).entries.get(name)) fail(E.EEXIST, name);
    this.may.create(dir, caller);
    let gid = caller.gid;
    // BSD group semantics under a setgid directory; subdirectories inherit the bit
    if (dir.mode & S_ISGID) {
      gid = dir.gid;
      if ((mode & N.S_IFMT) === N.S_IFDIR) mode |= S_ISGID;
    }
    const node = this.t.add(mode, caller.uid, gid, rdev);
    addLink(dir, name, node);
    return node;
  }

  lookup(parent: bigint, name: string, caller: Caller): Entry {
    const dir = dirOf(this.t.get(parent));
    this.may.lookup(dir, caller);
    if (name === '.') return this.entry(dir);
    if (name === '..') return this.entry(dir.links[0]?.parent ?? dir);
    const node = dir.entries.get(name) ?? fail(E.ENOENT, name);
    return this.entry(node);
  }

  forget(nodeid: bigint, nlookup: bigint): void {
    const node = this.t.nodes.get(nodeid);
    if (!node) return;
    node.lookups = node.lookups > nlookup ? node.lookups - nlookup : 0n;
    this.t.maybeFree(node);
  }

  getattr(nodeid: bigint): Attr {
    return N.attrOf(this.t.get(nodeid));
  }

  setattr(nodeid: bigint, asked: SetAttr, caller: Caller): Attr {
    const node = this.t.get(nodeid);
    const set = this.may.setattr(node, asked, caller);
    if (set.size !== undefined) {
      if (N.isDir(node)) fail(E.EISDIR);
      if (!node.data) fail(E.EINVAL, 'size of a non-regular file');
      if (set.size > BigInt(MAX_FILE_SIZE)) fail(E.EFBIG);
      node.data.truncate(Number(set.size));
      N.touchContent(node);
    }
    if (set.mode !== undefined) node.mode = (node.mode & N.S_IFMT) | (set.mode & 0o7777);
    if (set.uid !== undefined) node.uid = set.uid;
    if (set.gid !== undefined) node.gid = set.gid;
    const t = now();
    if (set.atime !== undefined) node.atime = set.atime === 'now' ? t : set.atime;
    if (set.mtime !== undefined) node.mtime = set.mtime === 'now' ? t : set.mtime;
    node.ctime = t;
    return N.attrOf(node);
  }

  readlink(nodeid: bigint): string {
    return this.t.get(nodeid).target ?? fail(E.EINVAL, 'not a symlink');
  }

  symlink(parent: bigint, name: string, target: string, caller: Caller): Entry {
    const node = this.newChild(parent, name, N.S_IFLNK | 0o777, caller);
    node.target = target;
    return this.entry(node);
  }

  mknod(parent: bigint, name: string, mode: number, rdev: number, caller: Caller): Entry {
    const type = mode & N.S_IFMT || N.S_IFREG;
    const known = [N.S_IFREG, N.S_IFIFO, N.S_IFCHR, N.S_IFBLK, N.S_IFSOCK];
    if (!known.includes(type)) fail(E.EINVAL, 'mknod type');
    return this.entry(this.newChild(parent, name, type | (mode & 0o7777), caller, rdev));
  }

  mkdir(parent: bigint, name: string, mode: number, caller: Caller): Entry {
    return this.entry(this.newChild(parent, name, N.S_IFDIR | (mode & 0o7777), caller));
  }

  unlink(parent: bigint, name: string, caller: Caller): void {
    const dir = dirOf(this.t.get(parent));
    const node = dir.entries.get(name) ?? fail(E.ENOENT, name);
    if (N.isDir(node)) fail(E.EISDIR, name);
    this.may.remove(dir, node, caller);
    removeLink(dir, name, node);
    this.t.maybeFree(node);
  }

  rmdir(parent: bigint, name: string, caller: Caller): void {
    if (name === '.') fail(E.EINVAL);
    if (name === '..') fail(E.ENOTEMPTY);
    const dir = dirOf(this.t.get(parent));
    const node = dir.entries.get(name) ?? fail(E.ENOENT, name);
    this.may.remove(dir, node, caller);
    if (dirOf(node).entries.size > 0) fail(E.ENOTEMPTY, name);
    removeLink(dir, name, node);
    this.t.maybeFree(node);
  }

  rename(
    parent: bigint,
    name: string,
    newParent: bigint,
    newName: string,
    flags: number,
    caller: Caller,
  ): void {
    const from = dirOf(this.t.get(parent));
    const to = this.liveDir(newParent);
    const src = from.entries.get(name);
    const dst = dirOf(to).entries.get(newName);
    // may_delete on the source name, on a replaced or exchanged target too, else may_create
    if (src) this.may.remove(from, src, caller);
    if (dst) this.may.remove(to, dst, caller);
    else this.may.create(to, caller);
    if (from !== to) {
      if (src && N.isDir(src)) this.may.reparent(src, caller);
      if (dst && N.isDir(dst) && flags & RENAME_EXCHANGE) this.may.reparent(dst, caller);
    }
    rename(this.t, from, name, to, newName, flags);
  }

  link(nodeid: bigint, newParent: bigint, newName: string, caller: Caller): Entry {
    const node = this.t.get(nodeid);
    if (N.isDir(node)) fail(E.EPERM, 'hard link to a directory');
    const dir = this.liveDir(newParent);
    checkName(newName);
    if (dirOf(dir).entries.get(newName)) fail(E.EEXIST, newName);
    this.may.create(dir, caller);
    addLink(dir, newName, node);
    return this.entry(node);
  }

  open(nodeid: bigint, flags: number, caller: Caller): bigint {
    const node = this.t.get(nodeid);
    this.may.open(node, flags, caller);
    return openNode(this.t, node, flags);
  }

  create(parent: bigint, name: string, mode: number, flags: number, caller: Caller) {
    const existing = dirOf(this.t.get(parent)).entries.get(name);
    if (existing) {
      if (flags & fsc.O_EXCL) fail(E.EEXIST, name);
      const fh = this.open(existing.ino, flags, caller);
      return { entry: this.entry(existing), fh };
    }
    const node = this.newChild(parent, name, N.S_IFREG | (mode & 0o7777), caller);
    return { entry: this.entry(node), fh: openNode(this.t, node, flags) };
  }

  read(_nodeid: bigint, fh: bigint, offset: bigint, size: number): Buffer {
    return readHandle(this.t, fh, offset, size);
  }

  write(_nodeid: bigint, fh: bigint, offset: bigint, data: Buffer, caller: Caller): number {
    const n = writeHandle(this.t, fh, offset, data);
    const { node } = this.t.handle(fh);
    const mode = this.may.written(node, caller);
    if (mode !== undefined) node.mode = (node.mode & N.S_IFMT) | mode;
    return n;
  }

  flush(_nodeid: bigint, fh: bigint): void {
    this.t.handle(fh);
  }

  fsync(_nodeid: bigint, fh: bigint, _datasync: boolean): void {
    this.t.handle(fh);
  }

  release(_nodeid: bigint, fh: bigint): void {
    this.t.close(fh);
  }

  opendir(nodeid: bigint, caller: Caller): bigint {
    const dir = dirOf(this.t.get(nodeid));
    this.may.opendir(dir, caller);
    return this.t.open(dir, 0, true);
  }

  readdir(_nodeid: bigint, fh: bigint, offset: bigint): DirEntry[] {
    return listHandle(this.t, fh, offset);
  }

  releasedir(_nodeid: bigint, fh: bigint): void {
    this.t.close(fh);
  }

  statfs(): StatFs {
    return statfsOf(this.t);
  }

  access(nodeid: bigint, mask: number, caller: Caller): void {
    checkAccess(this.t.get(nodeid), mask, caller);
  }

  pathOf(nodeid: bigint): string | undefined {
    const node = this.t.nodes.get(nodeid);
    if (!node) return undefined;
    const parts: string[] = [];
    for (let cur = node; cur !== this.t.root;) {
      const link = cur.links[0];
      if (!link) return undefined;
      parts.push(link.name);
      cur = link.parent;
    }
    return '/' + parts.reverse().join('/');
  }
}
