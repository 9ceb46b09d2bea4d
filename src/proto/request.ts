// decodeRequest: one request read from /dev/fuse -> a Request tagged by `op`.
// Opcodes this codec has no layout for (GETLK, IOCTL, POLL, NOTIFY_REPLY, ...)
// decode as 'unknown' with their opcode, so the engine can answer ENOSYS where
// opReplies(opcode) says an answer is expected. Extensions (total_extlen, 7.38:
// security context, supplementary groups) sit at the end and are skipped.
import * as K from './constants.js';
import { Cursor } from './cursor.js';
import { decodeInHeader } from './header.js';
import { parseInitIn } from './init.js';
import * as E from './parse-entry.js';
import * as F from './parse-file.js';
import * as M from './parse-misc.js';
import type { DecodeSession, Request } from './types.js';

// The request types, for importers of decodeRequest.
export type { DecodeSession, Request, RequestOp } from './types.js';

const NO_ARG = Object.freeze({}) as Record<string, never>;

// Decodes one request; throws a DecodeError subclass for a short or malformed buffer.
export function decodeRequest(buf: Buffer, session: DecodeSession): Request {
  const header = decodeInHeader(buf);
  const c = new Cursor(
    buf,
    K.FUSE_IN_HEADER_SIZE,
    header.len - header.totalExtlen * 8,
    header.opcode,
  );
  const s = session;
  switch (header.opcode) {
    case K.FUSE_INIT:
      return { op: 'init', header, arg: parseInitIn(c) };
    case K.FUSE_LOOKUP:
      return { op: 'lookup', header, arg: E.parseName(c) };
    case K.FUSE_FORGET:
      return { op: 'forget', header, arg: M.parseForget(c) };
    case K.FUSE_BATCH_FORGET:
      return { op: 'batch_forget', header, arg: M.parseBatchForget(c) };
    case K.FUSE_GETATTR:
      return { op: 'getattr', header, arg: M.parseGetattr(c, s) };
    case K.FUSE_SETATTR:
      return { op: 'setattr', header, arg: M.parseSetattr(c) };
    case K.FUSE_READLINK:
      return { op: 'readlink', header, arg: NO_ARG };
    case K.FUSE_SYMLINK:
      return { op: 'symlink', header, arg: E.parseSymlink(c) };
    case K.FUSE_MKNOD:
      return { op: 'mknod', header, arg: E.parseMknod(c, s) };
    case K.FUSE_MKDIR:
      return { op: 'mkdir', header, arg: E.parseMkdir(c) };
    case K.FUSE_UNLINK:
      return { op: 'unlink', header, arg: E.parseName(c) };
    case K.FUSE_RMDIR:
      return { op: 'rmdir', header, arg: E.parseName(c) };
    case K.FUSE_RENAME:
      return { op: 'rename', header, arg: E.parseRename(c) };
    case K.FUSE_RENAME2:
      return { op: 'rename2', header, arg: E.parseRename2(c) };
    case K.FUSE_LINK:
      return { op: 'link', header, arg: E.parseLink(c) };
    case K.FUSE_OPEN:
      return { op: 'open', header, arg: F.parseOpen(c) };
    case K.FUSE_READ:
      return { op: 'read', header, arg: F.parseRead(c, s) };
    case K.FUSE_WRITE:
      return { op: 'write', header, arg: F.parseWrite(c, s) };
    case K.FUSE_STATFS:
      return { op: 'statfs', header, arg: NO_ARG };
    case K.FUSE_RELEASE:
      return { op: 'release', header, arg: F.parseRelease(c) };
    case K.FUSE_FSYNC:
      return { op: 'fsync', header, arg: F.parseFsync(c) };
    case K.FUSE_SETXATTR:
      return { op: 'setxattr', header, arg: M.parseSetxattr(c, s) };
    case K.FUSE_GETXATTR:
      return { op: 'getxattr', header, arg: M.parseGetxattr(c) };
    case K.FUSE_LISTXATTR:
      return { op: 'listxattr', header, arg: M.parseListxattr(c) };
    case K.FUSE_REMOVEXATTR:
      return { op: 'removexattr', header, arg: E.parseName(c) };
    case K.FUSE_FLUSH:
      return { op: 'flush', header, arg: F.parseFlush(c) };
    case K.FUSE_OPENDIR:
      return { op: 'opendir', header, arg: F.parseOpen(c) };
    case K.FUSE_READDIR:
      return { op: 'readdir', header, arg: F.parseRead(c, s) };
    case K.FUSE_READDIRPLUS:
      return { op: 'readdirplus', header, arg: F.parseRead(c, s) };
    case K.FUSE_RELEASEDIR:
      return { op: 'releasedir', header, arg: F.parseRelease(c) };
    case K.FUSE_FSYNCDIR:
      return { op: 'fsyncdir', header, arg: F.parseFsync(c) };
    case K.FUSE_ACCESS:
      return { op: 'access', header, arg: M.parseAccess(c) };
    case K.FUSE_CREATE:
      return { op: 'create', header, arg: E.parseCreate(c, s) };
    case K.FUSE_INTERRUPT:
      return { op: 'interrupt', header, arg: M.parseInterrupt(c) };
    case K.FUSE_DESTROY:
      return { op: 'destroy', header, arg: NO_ARG };
    case K.FUSE_LSEEK:
      return { op: 'lseek', header, arg: F.parseLseek(c) };
    case K.FUSE_FALLOCATE:
      return { op: 'fallocate', header, arg: F.parseFallocate(c) };
    case K.FUSE_SYNCFS:
      return { op: 'syncfs', header, arg: NO_ARG };
    default:
      return { op: 'unknown', opcode: header.opcode, header, arg: NO_ARG };
  }
}
