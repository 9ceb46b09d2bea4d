// Wire constants of the FUSE protocol, spelled as in include/uapi/linux/fuse.h:
// opcodes and INIT flags (re-exported from their own files), bit sets, and the
// struct sizes the codec relies on (checked against <linux/fuse.h> by a test).

export * from './opcodes.js';
export * from './init-flags.js';

export const FUSE_KERNEL_VERSION = 7;
// The newest minor this codec knows the layouts of (Linux 6.18 offers 7.45).
export const FUSE_KERNEL_MINOR_VERSION = 45;
export const FUSE_ROOT_ID = 1n;
// Set in the `unique` of an INTERRUPT request (fs/fuse/dev.c fuse_read_interrupt).
export const FUSE_INT_REQ_BIT = 1n;
// The kernel refuses reads of /dev/fuse smaller than this (fuse_dev_do_read).
export const FUSE_MIN_READ_BUFFER = 8192;

// fuse_setattr_in.valid
export const FATTR_MODE = 1 << 0;
export const FATTR_UID = 1 << 1;
export const FATTR_GID = 1 << 2;
export const FATTR_SIZE = 1 << 3;
export const FATTR_ATIME = 1 << 4;
export const FATTR_MTIME = 1 << 5;
export const FATTR_FH = 1 << 6;
export const FATTR_ATIME_NOW = 1 << 7;
export const FATTR_MTIME_NOW = 1 << 8;
export const FATTR_LOCKOWNER = 1 << 9;
export const FATTR_CTIME = 1 << 10;
export const FATTR_KILL_SUIDGID = 1 << 11;

// fuse_open_out.open_flags
export const FOPEN_DIRECT_IO = 1 << 0;
export const FOPEN_KEEP_CACHE = 1 << 1;
export const FOPEN_NONSEEKABLE = 1 << 2;
export const FOPEN_CACHE_DIR = 1 << 3;
export const FOPEN_STREAM = 1 << 4;
export const FOPEN_NOFLUSH = 1 << 5;
export const FOPEN_PARALLEL_DIRECT_WRITES = 1 << 6;
export const FOPEN_PASSTHROUGH = 1 << 7;

// fuse_open_in.open_flags / fuse_create_in.open_flags
export const FUSE_OPEN_KILL_SUIDGID = 1 << 0;

// rename2 flags (include/uapi/linux/fs.h)
export const RENAME_NOREPLACE = 1 << 0;
export const RENAME_EXCHANGE = 1 << 1;
export const RENAME_WHITEOUT = 1 << 2;

// fuse_release_in.release_flags
export const FUSE_RELEASE_FLUSH = 1 << 0;
export const FUSE_RELEASE_FLOCK_UNLOCK = 1 << 1;
// fuse_getattr_in.getattr_flags
export const FUSE_GETATTR_FH = 1 << 0;
// fuse_write_in.write_flags
export const FUSE_WRITE_CACHE = 1 << 0;
export const FUSE_WRITE_LOCKOWNER = 1 << 1;
export const FUSE_WRITE_KILL_SUIDGID = 1 << 2;
// fuse_read_in.read_flags
export const FUSE_READ_LOCKOWNER = 1 << 1;
// fuse_fsync_in.fsync_flags
export const FUSE_FSYNC_FDATASYNC = 1 << 0;
// fuse_setxattr_in.setxattr_flags
export const FUSE_SETXATTR_ACL_KILL_SGID = 1 << 0;

// Struct sizes (sizeof on x86_64; every FUSE struct is padded to 8 bytes).
export const FUSE_IN_HEADER_SIZE = 40;
export const FUSE_OUT_HEADER_SIZE = 16;
export const FUSE_ATTR_SIZE = 88;
export const FUSE_KSTATFS_SIZE = 80;
export const FUSE_FILE_LOCK_SIZE = 24;
export const FUSE_ENTRY_OUT_SIZE = 128;
export const FUSE_ATTR_OUT_SIZE = 104;
export const FUSE_FORGET_IN_SIZE = 8;
export const FUSE_FORGET_ONE_SIZE = 16;
export const FUSE_BATCH_FORGET_IN_SIZE = 8;
export const FUSE_GETATTR_IN_SIZE = 16;
export const FUSE_SETATTR_IN_SIZE = 88;
export const FUSE_MKNOD_IN_SIZE = 16;
export const FUSE_MKDIR_IN_SIZE = 8;
export const FUSE_RENAME_IN_SIZE = 8;
export const FUSE_RENAME2_IN_SIZE = 16;
export const FUSE_LINK_IN_SIZE = 8;
export const FUSE_OPEN_IN_SIZE = 8;
export const FUSE_CREATE_IN_SIZE = 16;
export const FUSE_OPEN_OUT_SIZE = 16;
export const FUSE_RELEASE_IN_SIZE = 24;
export const FUSE_FLUSH_IN_SIZE = 24;
export const FUSE_READ_IN_SIZE = 40;
export const FUSE_WRITE_IN_SIZE = 40;
export const FUSE_WRITE_OUT_SIZE = 8;
export const FUSE_STATFS_OUT_SIZE = 80;
export const FUSE_FSYNC_IN_SIZE = 16;
export const FUSE_SETXATTR_IN_SIZE = 16;
export const FUSE_GETXATTR_IN_SIZE = 8;
export const FUSE_GETXATTR_OUT_SIZE = 8;
export const FUSE_LK_IN_SIZE = 48;
export const FUSE_ACCESS_IN_SIZE = 8;
export const FUSE_INIT_IN_SIZE = 64;
export const FUSE_INIT_OUT_SIZE = 64;
export const FUSE_INTERRUPT_IN_SIZE = 8;
export const FUSE_FALLOCATE_IN_SIZE = 32;
export const FUSE_LSEEK_IN_SIZE = 24;
export const FUSE_LSEEK_OUT_SIZE = 8;
export const FUSE_COPY_FILE_RANGE_IN_SIZE = 56;
export const FUSE_STATX_IN_SIZE = 24;
// offsetof(struct fuse_dirent, name) and offsetof(struct fuse_direntplus, dirent.name)
export const FUSE_NAME_OFFSET = 24;
export const FUSE_NAME_OFFSET_DIRENTPLUS = 152;

// Layouts before a field was added, chosen by the negotiated minor.
export const FUSE_COMPAT_ENTRY_OUT_SIZE = 120;
export const FUSE_COMPAT_ATTR_OUT_SIZE = 96;
export const FUSE_COMPAT_MKNOD_IN_SIZE = 8;
export const FUSE_COMPAT_WRITE_IN_SIZE = 24;
export const FUSE_COMPAT_STATFS_SIZE = 48;
export const FUSE_COMPAT_SETXATTR_IN_SIZE = 8;
export const FUSE_COMPAT_INIT_OUT_SIZE = 8;
export const FUSE_COMPAT_22_INIT_OUT_SIZE = 24;
// fuse_init_in without flags2 and the reserved words (before 7.36)
export const FUSE_COMPAT_INIT_IN_SIZE = 16;
// fuse_read_in before 7.9 (no lock_owner, no flags); fuse_create_in before 7.12
export const FUSE_COMPAT_READ_IN_SIZE = 24;
export const FUSE_COMPAT_CREATE_IN_SIZE = 8;

// fuse_init_out.request_timeout: u16 after max_stack_depth (7.43)
export const FUSE_INIT_OUT_REQUEST_TIMEOUT_OFFSET = 40;
