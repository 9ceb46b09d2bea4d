// The filesystem API the engines serve: inode based, like the kernel's view
// (FUSE low-level), synchronous because the in-memory filesystem never waits;
// the engine adds every delay, stall and error. Errors are thrown as FsError(errno).
// Node ids are bigint (u64 on the wire); the root is 1n (FUSE_ROOT_ID).

export const ROOT_ID = 1n;

export interface Timespec {
  sec: bigint;
  nsec: number;
}

export interface Attr {
  ino: bigint;
  size: bigint;
  blocks: bigint;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
  /** file type and permission bits, as st_mode */
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  blksize: number;
}

export interface Entry {
  nodeid: bigint;
  generation: bigint;
  attr: Attr;
}

export interface Caller {
  uid: number;
  gid: number;
  pid: number;
}

export interface SetAttr {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: bigint;
  /** 'now' sets the current time */
  atime?: Timespec | 'now';
  mtime?: Timespec | 'now';
  /** the handle of an ftruncate(2) (FATTR_FH): write access was checked when it was opened */
  fh?: bigint;
}

export interface DirEntry {
  name: string;
  ino: bigint;
  /** DT_* type: (mode >> 12) & 15 */
  type: number;
  /** the offset of the *next* entry, as readdir's d_off */
  off: bigint;
}

export interface StatFs {
  blocks: bigint;
  bfree: bigint;
  bavail: bigint;
  files: bigint;
  ffree: bigint;
  bsize: number;
  namelen: number;
  frsize: number;
}

/**
 * The filesystem the engines serve. `caller` is who made the request (the FUSE
 * header's uid, gid, pid): a filesystem that checks permissions itself (a mount
 * without default_permissions) decides with it.
 */
export interface FileSystem {
  lookup(parent: bigint, name: string, caller: Caller): Entry;
  forget(nodeid: bigint, nlookup: bigint): void;
  getattr(nodeid: bigint): Attr;
  setattr(nodeid: bigint, set: SetAttr, caller: Caller): Attr;
  readlink(nodeid: bigint): string;
  symlink(parent: bigint, name: string, target: string, caller: Caller): Entry;
  mknod(parent: bigint, name: string, mode: number, rdev: number, caller: Caller): Entry;
  mkdir(parent: bigint, name: string, mode: number, caller: Caller): Entry;
  unlink(parent: bigint, name: string, caller: Caller): void;
  rmdir(parent: bigint, name: string, caller: Caller): void;
  rename(
    parent: bigint,
    name: string,
    newParent: bigint,
    newName: string,
    flags: number,
    caller: Caller,
  ): void;
  link(nodeid: bigint, newParent: bigint, newName: string, caller: Caller): Entry;
  open(nodeid: bigint, flags: number, caller: Caller): bigint;
  create(
    parent: bigint,
    name: string,
    mode: number,
    flags: number,
    caller: Caller,
  ): { entry: Entry; fh: bigint };
  read(nodeid: bigint, fh: bigint, offset: bigint, size: number): Buffer;
  write(nodeid: bigint, fh: bigint, offset: bigint, data: Buffer, caller: Caller): number;
  flush(nodeid: bigint, fh: bigint): void;
  fsync(nodeid: bigint, fh: bigint, datasync: boolean): void;
  release(nodeid: bigint, fh: bigint): void;
  opendir(nodeid: bigint, caller: Caller): bigint;
  readdir(nodeid: bigint, fh: bigint, offset: bigint): DirEntry[];
  releasedir(nodeid: bigint, fh: bigint): void;
  statfs(): StatFs;
  access(nodeid: bigint, mask: number, caller: Caller): void;
  /** '/a/b' for a known node, undefined once forgotten or unlinked */
  pathOf(nodeid: bigint): string | undefined;
}
