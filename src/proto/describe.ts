// describeRequest: a compact one-line summary of a request for traces, e.g.
// `#14 lookup n1 "foo" uid=1000 pid=4242` or `#20 write n5 fh=3 off=4096 size=12`.
import {
  FATTR_ATIME,
  FATTR_GID,
  FATTR_MODE,
  FATTR_MTIME,
  FATTR_SIZE,
  FATTR_UID,
  FUSE_FSYNC_FDATASYNC,
  FUSE_GETATTR_FH,
} from './constants.js';
import { opName } from './opcodes.js';
import type { Request } from './types.js';

const q = (s: string): string => JSON.stringify(s);
const oct = (n: number): string => `0o${n.toString(8)}`;
const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

function setattrFields(a: Extract<Request, { op: 'setattr' }>['arg']): string {
  const out: string[] = [];
  if (a.valid & FATTR_MODE) out.push(`mode=${oct(a.mode)}`);
  if (a.valid & FATTR_UID) out.push(`uid=${a.uid}`);
  if (a.valid & FATTR_GID) out.push(`gid=${a.gid}`);
  if (a.valid & FATTR_SIZE) out.push(`size=${a.size}`);
  if (a.valid & FATTR_ATIME) out.push(`atime=${a.atime}.${a.atimensec}`);
  if (a.valid & FATTR_MTIME) out.push(`mtime=${a.mtime}.${a.mtimensec}`);
  return `valid=${hex(a.valid)}${out.length ? ' ' + out.join(' ') : ''}`;
}

function args(r: Request): string {
  switch (r.op) {
    case 'init':
      return `${r.arg.major}.${r.arg.minor} max_readahead=${r.arg.maxReadahead} flags=${hex(r.arg.flags)}`;
    case 'lookup':
    case 'unlink':
    case 'rmdir':
    case 'removexattr':
      return q(r.arg.name);
    case 'forget':
      return `nlookup=${r.arg.nlookup}`;
    case 'batch_forget':
      return r.arg.items.map((i) => `n${i.nodeid}:${i.nlookup}`).join(',');
    case 'getattr':
      return r.arg.getattrFlags & FUSE_GETATTR_FH ? `fh=${r.arg.fh}` : '';
    case 'setattr':
      return setattrFields(r.arg);
    case 'symlink':
      return `${q(r.arg.name)} -> ${q(r.arg.target)}`;
    case 'mknod':
      return `${q(r.arg.name)} mode=${oct(r.arg.mode)} rdev=${hex(r.arg.rdev)}`;
    case 'mkdir':
      return `${q(r.arg.name)} mode=${oct(r.arg.mode)}`;
    case 'rename':
    case 'rename2':
      return `${q(r.arg.oldname)} -> n${r.arg.newdir} ${q(r.arg.newname)}${r.arg.flags ? ` flags=${r.arg.flags}` : ''}`;
    case 'link':
      return `n${r.arg.oldnodeid} as ${q(r.arg.name)}`;
    case 'open':
    case 'opendir':
      return `flags=${oct(r.arg.flags)}`;
    case 'create':
      return `${q(r.arg.name)} mode=${oct(r.arg.mode)} flags=${oct(r.arg.flags)}`;
    case 'read':
    case 'readdir':
    case 'readdirplus':
    case 'write':
      return `fh=${r.arg.fh} off=${r.arg.offset} size=${r.arg.size}`;
    case 'release':
    case 'releasedir':
    case 'flush':
      return `fh=${r.arg.fh}`;
    case 'fsync':
    case 'fsyncdir':
      return `fh=${r.arg.fh}${r.arg.fsyncFlags & FUSE_FSYNC_FDATASYNC ? ' datasync' : ''}`;
    case 'setxattr':
      return `${q(r.arg.name)} size=${r.arg.size}`;
    case 'getxattr':
      return `${q(r.arg.name)} size=${r.arg.size}`;
    case 'listxattr':
      return `size=${r.arg.size}`;
    case 'access':
      return `mask=${r.arg.mask}`;
    case 'interrupt':
      return `unique=${r.arg.unique}`;
    case 'lseek':
      return `fh=${r.arg.fh} off=${r.arg.offset} whence=${r.arg.whence}`;
    case 'fallocate':
      return `fh=${r.arg.fh} off=${r.arg.offset} len=${r.arg.length} mode=${r.arg.mode}`;
    case 'readlink':
    case 'statfs':
    case 'destroy':
    case 'syncfs':
    case 'unknown':
      return '';
  }
}

// One line: unique, op name (opName for unknown opcodes), node, arguments, caller.
export function describeRequest(r: Request): string {
  const h = r.header;
  const name = r.op === 'unknown' ? opName(r.opcode) : r.op;
  const a = args(r);
  return `#${h.unique} ${name} n${h.nodeid}${a ? ' ' + a : ''} uid=${h.uid} pid=${h.pid}`;
}
