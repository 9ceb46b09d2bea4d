// The opcode table (after go-fuse fuse/opcode.go): one row per opcode with the
// name used in traces, how many NUL-terminated names follow the fixed argument,
// and whether the kernel waits for a reply. Values from include/uapi/linux/fuse.h
// enum fuse_opcode, protocol 7.45 (Linux 6.18).

export const FUSE_LOOKUP = 1;
export const FUSE_FORGET = 2;
export const FUSE_GETATTR = 3;
export const FUSE_SETATTR = 4;
export const FUSE_READLINK = 5;
export const FUSE_SYMLINK = 6;
export const FUSE_MKNOD = 8;
export const FUSE_MKDIR = 9;
export const FUSE_UNLINK = 10;
export const FUSE_RMDIR = 11;
export const FUSE_RENAME = 12;
export const FUSE_LINK = 13;
export const FUSE_OPEN = 14;
export const FUSE_READ = 15;
export const FUSE_WRITE = 16;
export const FUSE_STATFS = 17;
export const FUSE_RELEASE = 18;
export const FUSE_FSYNC = 20;
export const FUSE_SETXATTR = 21;
export const FUSE_GETXATTR = 22;
export const FUSE_LISTXATTR = 23;
export const FUSE_REMOVEXATTR = 24;
export const FUSE_FLUSH = 25;
export const FUSE_INIT = 26;
export const FUSE_OPENDIR = 27;
export const FUSE_READDIR = 28;
export const FUSE_RELEASEDIR = 29;
export const FUSE_FSYNCDIR = 30;
export const FUSE_GETLK = 31;
export const FUSE_SETLK = 32;
export const FUSE_SETLKW = 33;
export const FUSE_ACCESS = 34;
export const FUSE_CREATE = 35;
export const FUSE_INTERRUPT = 36;
export const FUSE_BMAP = 37;
export const FUSE_DESTROY = 38;
export const FUSE_IOCTL = 39;
export const FUSE_POLL = 40;
export const FUSE_NOTIFY_REPLY = 41;
export const FUSE_BATCH_FORGET = 42;
export const FUSE_FALLOCATE = 43;
export const FUSE_READDIRPLUS = 44;
export const FUSE_RENAME2 = 45;
export const FUSE_LSEEK = 46;
export const FUSE_COPY_FILE_RANGE = 47;
export const FUSE_SETUPMAPPING = 48;
export const FUSE_REMOVEMAPPING = 49;
export const FUSE_SYNCFS = 50;
export const FUSE_TMPFILE = 51;
// 7.39 (Linux 6.6)
export const FUSE_STATX = 52;
// 7.45 (Linux 6.18): like COPY_FILE_RANGE but answered with a 64-bit byte count
export const FUSE_COPY_FILE_RANGE_64 = 53;
export const CUSE_INIT = 4096;

/** One row of the opcode table. */
export interface OpInfo {
  /** lower-case kernel name without the FUSE_ prefix */
  readonly name: string;
  /** NUL-terminated names after the fixed argument (RENAME has two) */
  readonly names: number;
  /**
   * false for FORGET, BATCH_FORGET, NOTIFY_REPLY and INTERRUPT: the kernel never
   * waits for an answer. An INTERRUPT answer is only looked at for -EAGAIN (queue
   * it again) and -ENOSYS (which switches interrupts off for the connection:
   * fs/fuse/dev.c fuse_dev_do_write), so never answer it ENOSYS.
   */
  readonly reply: boolean;
}

const row = (name: string, names = 0, reply = true): OpInfo => ({ name, names, reply });

// The table itself, indexed by opcode.
export const OPCODES: ReadonlyMap<number, OpInfo> = new Map<number, OpInfo>([
  [FUSE_LOOKUP, row('lookup', 1)],
  [FUSE_FORGET, row('forget', 0, false)],
  [FUSE_GETATTR, row('getattr')],
  [FUSE_SETATTR, row('setattr')],
  [FUSE_READLINK, row('readlink')],
  [FUSE_SYMLINK, row('symlink', 2)],
  [FUSE_MKNOD, row('mknod', 1)],
  [FUSE_MKDIR, row('mkdir', 1)],
  [FUSE_UNLINK, row('unlink', 1)],
  [FUSE_RMDIR, row('rmdir', 1)],
  [FUSE_RENAME, row('rename', 2)],
  [FUSE_LINK, row('link', 1)],
  [FUSE_OPEN, row('open')],
  [FUSE_READ, row('read')],
  [FUSE_WRITE, row('write')],
  [FUSE_STATFS, row('statfs')],
  [FUSE_RELEASE, row('release')],
  [FUSE_FSYNC, row('fsync')],
  [FUSE_SETXATTR, row('setxattr', 1)],
  [FUSE_GETXATTR, row('getxattr', 1)],
  [FUSE_LISTXATTR, row('listxattr')],
  [FUSE_REMOVEXATTR, row('removexattr', 1)],
  [FUSE_FLUSH, row('flush')],
  [FUSE_INIT, row('init')],
  [FUSE_OPENDIR, row('opendir')],
  [FUSE_READDIR, row('readdir')],
  [FUSE_RELEASEDIR, row('releasedir')],
  [FUSE_FSYNCDIR, row('fsyncdir')],
  [FUSE_GETLK, row('getlk')],
  [FUSE_SETLK, row('setlk')],
  [FUSE_SETLKW, row('setlkw')],
  [FUSE_ACCESS, row('access')],
  [FUSE_CREATE, row('create', 1)],
  [FUSE_INTERRUPT, row('interrupt', 0, false)],
  [FUSE_BMAP, row('bmap')],
  [FUSE_DESTROY, row('destroy')],
  [FUSE_IOCTL, row('ioctl')],
  [FUSE_POLL, row('poll')],
  [FUSE_NOTIFY_REPLY, row('notify_reply', 0, false)],
  [FUSE_BATCH_FORGET, row('batch_forget', 0, false)],
  [FUSE_FALLOCATE, row('fallocate')],
  [FUSE_READDIRPLUS, row('readdirplus')],
  [FUSE_RENAME2, row('rename2', 2)],
  [FUSE_LSEEK, row('lseek')],
  [FUSE_COPY_FILE_RANGE, row('copy_file_range')],
  [FUSE_SETUPMAPPING, row('setupmapping')],
  [FUSE_REMOVEMAPPING, row('removemapping')],
  [FUSE_SYNCFS, row('syncfs')],
  [FUSE_TMPFILE, row('tmpfile', 1)],
  [FUSE_STATX, row('statx')],
  [FUSE_COPY_FILE_RANGE_64, row('copy_file_range_64')],
  [CUSE_INIT, row('cuse_init')],
]);

// Trace name of an opcode: 'lookup', 'batch_forget', 'unknown(99)'.
export function opName(opcode: number): string {
  return OPCODES.get(opcode)?.name ?? `unknown(${opcode})`;
}

// Whether the kernel waits for an answer (unknown opcodes: yes, so they get ENOSYS).
export function opReplies(opcode: number): boolean {
  return OPCODES.get(opcode)?.reply ?? true;
}
