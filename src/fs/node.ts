// An inode of the in-memory filesystem and how it shows itself as an Attr.
import { constants } from 'node:fs';
import { FileData } from './data.js';
import { DirEntries } from './dir.js';
import { now } from './time.js';
import type { Attr, Timespec } from './types.js';

export const { S_IFMT, S_IFREG, S_IFDIR, S_IFLNK, S_IFIFO, S_IFCHR, S_IFBLK, S_IFSOCK } = constants;

/** One (parent, name) that refers to a node; a directory has at most one. */
export interface Link {
  parent: Node;
  name: string;
}

/** An inode: its attributes, its links and its contents (by type). */
export interface Node {
  ino: bigint;
  mode: number;
  uid: number;
  gid: number;
  rdev: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
  /** names that refer to it; nlink is links.length (+ subdirectories for a directory) */
  links: Link[];
  /** lookups the kernel holds (entries replied minus FORGET counts) */
  lookups: bigint;
  /** open file and directory handles */
  opens: number;
  /** regular files */
  data?: FileData;
  /** directories */
  entries?: DirEntries;
  /** subdirectories, each one's ".." adds a link to this directory */
  subdirs: number;
  /** symlinks */
  target?: string;
}

/** A fresh node of the given mode (type bits included), linked nowhere yet. */
export function makeNode(ino: bigint, mode: number, uid: number, gid: number, rdev = 0): Node {
  const t = now();
  const node: Node = {
    ino,
    mode,
    uid,
    gid,
    rdev,
    atime: t,
    mtime: t,
    ctime: t,
    links: [],
    lookups: 0n,
    opens: 0,
    subdirs: 0,
  };
  const type = mode & S_IFMT;
  if (type === S_IFREG) node.data = new FileData();
  if (type === S_IFDIR) node.entries = new DirEntries();
  return node;
}

export function isDir(node: Node): boolean {
  return (node.mode & S_IFMT) === S_IFDIR;
}

/** st_nlink: a directory counts its own name, its "." and each child's "..". */
export function nlinkOf(node: Node): number {
  if (isDir(node)) return node.links.length === 0 ? 0 : 2 + node.subdirs;
  return node.links.length;
}

/** st_size: file bytes, symlink target length, a nominal block for directories. */
export function sizeOf(node: Node): number {
  if (node.data) return node.data.size;
  if (node.target !== undefined) return Buffer.byteLength(node.target);
  if (node.entries) return 4096;
  return 0;
}

/** The node as the kernel's struct fuse_attr sees it. */
export function attrOf(node: Node): Attr {
  const size = sizeOf(node);
  return {
    ino: node.ino,
    size: BigInt(size),
    blocks: BigInt(Math.ceil(size / 512)),
    atime: node.atime,
    mtime: node.mtime,
    ctime: node.ctime,
    mode: node.mode,
    nlink: nlinkOf(node),
    uid: node.uid,
    gid: node.gid,
    rdev: node.rdev,
    blksize: 4096,
  };
}

/** mtime and ctime to now, as a change of contents does. */
export function touchContent(node: Node): void {
  const t = now();
  node.mtime = t;
  node.ctime = t;
}
