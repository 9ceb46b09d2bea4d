// FUSE_INIT capability flags as one 64-bit set (include/uapi/linux/fuse.h).
// Bits 32..63 travel in fuse_init_in/out.flags2, and the kernel reads flags2
// only when FUSE_INIT_EXT is set on both sides (fs/fuse/inode.c process_init_reply).

export const FUSE_ASYNC_READ = 1n << 0n;
export const FUSE_POSIX_LOCKS = 1n << 1n;
export const FUSE_FILE_OPS = 1n << 2n;
export const FUSE_ATOMIC_O_TRUNC = 1n << 3n;
export const FUSE_EXPORT_SUPPORT = 1n << 4n;
export const FUSE_BIG_WRITES = 1n << 5n;
export const FUSE_DONT_MASK = 1n << 6n;
export const FUSE_SPLICE_WRITE = 1n << 7n;
export const FUSE_SPLICE_MOVE = 1n << 8n;
export const FUSE_SPLICE_READ = 1n << 9n;
export const FUSE_FLOCK_LOCKS = 1n << 10n;
export const FUSE_HAS_IOCTL_DIR = 1n << 11n;
export const FUSE_AUTO_INVAL_DATA = 1n << 12n;
export const FUSE_DO_READDIRPLUS = 1n << 13n;
export const FUSE_READDIRPLUS_AUTO = 1n << 14n;
export const FUSE_ASYNC_DIO = 1n << 15n;
export const FUSE_WRITEBACK_CACHE = 1n << 16n;
export const FUSE_NO_OPEN_SUPPORT = 1n << 17n;
export const FUSE_PARALLEL_DIROPS = 1n << 18n;
export const FUSE_HANDLE_KILLPRIV = 1n << 19n;
export const FUSE_POSIX_ACL = 1n << 20n;
export const FUSE_ABORT_ERROR = 1n << 21n;
export const FUSE_MAX_PAGES = 1n << 22n;
export const FUSE_CACHE_SYMLINKS = 1n << 23n;
export const FUSE_NO_OPENDIR_SUPPORT = 1n << 24n;
export const FUSE_EXPLICIT_INVAL_DATA = 1n << 25n;
export const FUSE_MAP_ALIGNMENT = 1n << 26n;
export const FUSE_SUBMOUNTS = 1n << 27n;
export const FUSE_HANDLE_KILLPRIV_V2 = 1n << 28n;
export const FUSE_SETXATTR_EXT = 1n << 29n;
export const FUSE_INIT_EXT = 1n << 30n;
export const FUSE_INIT_RESERVED = 1n << 31n;
export const FUSE_SECURITY_CTX = 1n << 32n;
export const FUSE_HAS_INODE_DAX = 1n << 33n;
export const FUSE_CREATE_SUPP_GROUP = 1n << 34n;
export const FUSE_HAS_EXPIRE_ONLY = 1n << 35n;
export const FUSE_DIRECT_IO_ALLOW_MMAP = 1n << 36n;
export const FUSE_PASSTHROUGH = 1n << 37n;
export const FUSE_NO_EXPORT_SUPPORT = 1n << 38n;
export const FUSE_HAS_RESEND = 1n << 39n;
export const FUSE_ALLOW_IDMAP = 1n << 40n;
export const FUSE_OVER_IO_URING = 1n << 41n;
// 7.43 (Linux 6.15): the server's request timeout is in fuse_init_out.request_timeout
export const FUSE_REQUEST_TIMEOUT = 1n << 42n;

// Bit number -> trace name, lower case without the FUSE_ prefix.
const NAMES: readonly string[] = [
  'async_read',
  'posix_locks',
  'file_ops',
  'atomic_o_trunc',
  'export_support',
  'big_writes',
  'dont_mask',
  'splice_write',
  'splice_move',
  'splice_read',
  'flock_locks',
  'has_ioctl_dir',
  'auto_inval_data',
  'do_readdirplus',
  'readdirplus_auto',
  'async_dio',
  'writeback_cache',
  'no_open_support',
  'parallel_dirops',
  'handle_killpriv',
  'posix_acl',
  'abort_error',
  'max_pages',
  'cache_symlinks',
  'no_opendir_support',
  'explicit_inval_data',
  'map_alignment',
  'submounts',
  'handle_killpriv_v2',
  'setxattr_ext',
  'init_ext',
  'init_reserved',
  'security_ctx',
  'has_inode_dax',
  'create_supp_group',
  'has_expire_only',
  'direct_io_allow_mmap',
  'passthrough',
  'no_export_support',
  'has_resend',
  'allow_idmap',
  'over_io_uring',
  'request_timeout',
];

// Names of the bits set in a 64-bit flag set, lowest first; unnamed bits as 'bit(N)'.
export function initFlagNames(flags: bigint): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((flags >> BigInt(bit)) & 1n) out.push(NAMES[bit] ?? `bit(${bit})`);
  }
  return out;
}
