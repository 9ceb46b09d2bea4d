// Decoded requests and reply arguments, named after the kernel structs in
// include/uapi/linux/fuse.h (fuse_in_header -> FuseInHeader). u64 fields are
// bigint; fields a negotiated minor does not carry decode as 0.

/** struct fuse_in_header (40 bytes) */
export interface FuseInHeader {
  len: number;
  opcode: number;
  unique: bigint;
  nodeid: bigint;
  uid: number;
  gid: number;
  pid: number;
  /** length of the extensions at the end of the request, in 8-byte units (7.38) */
  totalExtlen: number;
}

/** What decoding depends on, fixed by the INIT exchange. */
export interface DecodeSession {
  /** the negotiated minor: min(kernel's, ours) */
  minor: number;
  /** FUSE_SETXATTR_EXT negotiated: fuse_setxattr_in is 16 bytes instead of 8 */
  setxattrExt?: boolean;
}

/** struct fuse_init_in; flags is flags | flags2 << 32 when FUSE_INIT_EXT is set */
export interface FuseInitIn {
  major: number;
  minor: number;
  maxReadahead: number;
  flags: bigint;
}

/** struct fuse_init_out; flags above bit 31 are sent in flags2 */
export interface FuseInitOut {
  major: number;
  minor: number;
  maxReadahead: number;
  flags: bigint;
  maxBackground: number;
  congestionThreshold: number;
  maxWrite: number;
  timeGran: number;
  maxPages: number;
  mapAlignment: number;
  maxStackDepth: number;
  /** seconds; honoured with FUSE_REQUEST_TIMEOUT (7.43) */
  requestTimeout: number;
}

/** LOOKUP, UNLINK, RMDIR, REMOVEXATTR: the name after the header */
export interface FuseNameIn {
  name: string;
}
/** struct fuse_forget_in */
export interface FuseForgetIn {
  nlookup: bigint;
}
/** struct fuse_forget_one (one record of BATCH_FORGET) */
export interface FuseForgetOne {
  nodeid: bigint;
  nlookup: bigint;
}
/** struct fuse_batch_forget_in and its records */
export interface FuseBatchForgetIn {
  items: FuseForgetOne[];
}
/** struct fuse_getattr_in (fh is meaningful with FUSE_GETATTR_FH) */
export interface FuseGetattrIn {
  getattrFlags: number;
  fh: bigint;
}
/** struct fuse_setattr_in; `valid` (FATTR_*) says which fields are set */
export interface FuseSetattrIn {
  valid: number;
  fh: bigint;
  size: bigint;
  lockOwner: bigint;
  /** seconds, signed (time64_t) */
  atime: bigint;
  mtime: bigint;
  ctime: bigint;
  atimensec: number;
  mtimensec: number;
  ctimensec: number;
  mode: number;
  uid: number;
  gid: number;
}
/** SYMLINK: the new name, then the target */
export interface FuseSymlinkIn {
  name: string;
  target: string;
}
/** struct fuse_mknod_in and the name */
export interface FuseMknodIn {
  mode: number;
  rdev: number;
  umask: number;
  name: string;
}
/** struct fuse_mkdir_in and the name */
export interface FuseMkdirIn {
  mode: number;
  umask: number;
  name: string;
}
/** RENAME (flags 0) and RENAME2 */
export interface FuseRenameIn {
  newdir: bigint;
  flags: number;
  oldname: string;
  newname: string;
}
/** struct fuse_link_in and the new name (header.nodeid is the new parent) */
export interface FuseLinkIn {
  oldnodeid: bigint;
  name: string;
}
/** OPEN and OPENDIR */
export interface FuseOpenIn {
  flags: number;
  openFlags: number;
}
/** struct fuse_create_in and the name */
export interface FuseCreateIn {
  flags: number;
  mode: number;
  umask: number;
  openFlags: number;
  name: string;
}
/** READ, READDIR and READDIRPLUS */
export interface FuseReadIn {
  fh: bigint;
  offset: bigint;
  size: number;
  readFlags: number;
  lockOwner: bigint;
  flags: number;
}
/** struct fuse_write_in and the data */
export interface FuseWriteIn {
  fh: bigint;
  offset: bigint;
  size: number;
  writeFlags: number;
  lockOwner: bigint;
  flags: number;
  /** a view into the request buffer, not a copy: copy it to keep it past the next read */
  data: Buffer;
}
/** RELEASE and RELEASEDIR */
export interface FuseReleaseIn {
  fh: bigint;
  flags: number;
  releaseFlags: number;
  lockOwner: bigint;
}
/** struct fuse_flush_in */
export interface FuseFlushIn {
  fh: bigint;
  lockOwner: bigint;
}
/** FSYNC and FSYNCDIR */
export interface FuseFsyncIn {
  fh: bigint;
  fsyncFlags: number;
}
/** struct fuse_setxattr_in, the name and the value */
export interface FuseSetxattrIn {
  size: number;
  flags: number;
  setxattrFlags: number;
  name: string;
  /** a view into the request buffer */
  value: Buffer;
}
/** struct fuse_getxattr_in and the name */
export interface FuseGetxattrIn {
  size: number;
  name: string;
}
/** LISTXATTR: struct fuse_getxattr_in without a name */
export interface FuseListxattrIn {
  size: number;
}
/** struct fuse_access_in */
export interface FuseAccessIn {
  mask: number;
}
/** struct fuse_interrupt_in: the unique of the request to interrupt */
export interface FuseInterruptIn {
  unique: bigint;
}
/** struct fuse_lseek_in */
export interface FuseLseekIn {
  fh: bigint;
  offset: bigint;
  whence: number;
}
/** struct fuse_fallocate_in */
export interface FuseFallocateIn {
  fh: bigint;
  offset: bigint;
  length: bigint;
  mode: number;
}

type Req<Op extends string, Arg> = { op: Op; header: FuseInHeader; arg: Arg };
type NoArg = Record<string, never>;

/** A decoded request: switch on `op`. */
export type Request =
  | Req<'init', FuseInitIn>
  | Req<'lookup', FuseNameIn>
  | Req<'forget', FuseForgetIn>
  | Req<'batch_forget', FuseBatchForgetIn>
  | Req<'getattr', FuseGetattrIn>
  | Req<'setattr', FuseSetattrIn>
  | Req<'readlink', NoArg>
  | Req<'symlink', FuseSymlinkIn>
  | Req<'mknod', FuseMknodIn>
  | Req<'mkdir', FuseMkdirIn>
  | Req<'unlink', FuseNameIn>
  | Req<'rmdir', FuseNameIn>
  | Req<'rename', FuseRenameIn>
  | Req<'rename2', FuseRenameIn>
  | Req<'link', FuseLinkIn>
  | Req<'open', FuseOpenIn>
  | Req<'read', FuseReadIn>
  | Req<'write', FuseWriteIn>
  | Req<'statfs', NoArg>
  | Req<'release', FuseReleaseIn>
  | Req<'fsync', FuseFsyncIn>
  | Req<'setxattr', FuseSetxattrIn>
  | Req<'getxattr', FuseGetxattrIn>
  | Req<'listxattr', FuseListxattrIn>
  | Req<'removexattr', FuseNameIn>
  | Req<'flush', FuseFlushIn>
  | Req<'opendir', FuseOpenIn>
  | Req<'readdir', FuseReadIn>
  | Req<'readdirplus', FuseReadIn>
  | Req<'releasedir', FuseReleaseIn>
  | Req<'fsyncdir', FuseFsyncIn>
  | Req<'access', FuseAccessIn>
  | Req<'create', FuseCreateIn>
  | Req<'interrupt', FuseInterruptIn>
  | Req<'destroy', NoArg>
  | Req<'lseek', FuseLseekIn>
  | Req<'fallocate', FuseFallocateIn>
  | Req<'syncfs', NoArg>
  | { op: 'unknown'; opcode: number; header: FuseInHeader; arg: NoArg };

/** The `op` names of Request. */
export type RequestOp = Request['op'];
