// One implemented opcode -> one FileSystem call -> the reply body. Everything
// else is ENOSYS, which the kernel remembers per opcode for most of them
// (fc->no_* flags) and then stops sending.
import { FsError } from '../errors.js';
import type { Caller, FileSystem, SetAttr } from '../fs/types.js';
import * as K from '../proto/constants.js';
import * as R from '../proto/reply.js';
import type { DecodeSession, FuseSetattrIn, Request } from '../proto/types.js';

const ENOSYS = 38;
// attributes are never cached, so every stat() reaches the server and meets the fault rules
const ATTR_VALID = 0;

/** How long (seconds) the kernel may keep a name it looked up before asking again. */
export type EntryValid = number;
/** Names cached for a second: path walks stay cheap (the kernel checks permissions). */
export const ENTRY_VALID_CACHED: EntryValid = 1;
/**
 * Names never cached: the server checks permissions itself, and a cached name
 * would let a path walk pass a directory without a LOOKUP, so without search
 * permission being asked of us (fuse_dentry_revalidate only asks when stale).
 */
export const ENTRY_VALID_NEVER: EntryValid = 0;

/** The reply body for REQ (undefined: an empty body); throws FsError for an errno reply. */
export function dispatch(
  fs: FileSystem,
  req: Request,
  _s: DecodeSession,
  entryValid: EntryValid = ENTRY_VALID_CACHED,
): Buffer | undefined {
  const h = req.header;
  const id = h.nodeid;
  const caller: Caller = { uid: h.uid, gid: h.gid, pid: h.pid };
  const entry = (e: Parameters<typeof R.entryOut>[0]) => R.entryOut(e, entryValid, ATTR_VALID);
  switch (req.op) {
    case 'lookup':
      return entry(fs.lookup(id, req.arg.name, caller));
    case 'getattr':
      return R.attrOut(fs.getattr(id), ATTR_VALID);
    case 'setattr':
      return R.attrOut(fs.setattr(id, toSetAttr(req.arg), caller), ATTR_VALID);
    case 'readlink':
      return R.readlinkOut(fs.readlink(id));
    case 'symlink':
      return entry(fs.symlink(id, req.arg.name, req.arg.target, caller));
    case 'mknod':
      return entry(fs.mknod(id, req.arg.name, req.arg.mode, req.arg.rdev, caller));
    case 'mkdir':
      return entry(fs.mkdir(id, req.arg.name, req.arg.mode, caller));
    case 'unlink':
      return void fs.unlink(id, req.arg.name, caller);
    case 'rmdir':
      return void fs.rmdir(id, req.arg.name, caller);
    case 'rename':
    case 'rename2':
      return void fs.rename(
        id,
        req.arg.oldname,
        req.arg.newdir,
        req.arg.newname,
        req.arg.flags,
        caller,
      );
    case 'link':
      return entry(fs.link(req.arg.oldnodeid, id, req.arg.name, caller));
    case 'open':
      return R.openOut(fs.open(id, req.arg.flags, caller), 0);
    case 'read':
      return fs.read(id, req.arg.fh, req.arg.offset, req.arg.size);
    case 'write':
      return R.writeOut(fs.write(id, req.arg.fh, req.arg.offset, req.arg.data, caller));
    case 'statfs':
      return R.statfsOut(fs.statfs());
    case 'release':
      return void fs.release(id, req.arg.fh);
    case 'fsync':
      return void fs.fsync(id, req.arg.fh, (req.arg.fsyncFlags & K.FUSE_FSYNC_FDATASYNC) !== 0);
    case 'flush':
      return void fs.flush(id, req.arg.fh);
    case 'opendir':
      return R.openOut(fs.opendir(id, caller), 0);
    case 'readdir':
      return R.direntsOut(fs.readdir(id, req.arg.fh, req.arg.offset), req.arg.size).buf;
    case 'releasedir':
      return void fs.releasedir(id, req.arg.fh);
    case 'fsyncdir':
      // nothing is ever dirty in memory: the directory is as synced as it gets
      return undefined;
    case 'access':
      return void fs.access(id, req.arg.mask, caller);
    case 'create': {
      const { entry: e, fh } = fs.create(id, req.arg.name, req.arg.mode, req.arg.flags, caller);
      return R.createOut(e, fh, 0, entryValid, ATTR_VALID);
    }
    case 'destroy':
      return undefined;
    default:
      throw new FsError(ENOSYS, `${req.op} is not implemented`);
  }
}

// fuse_setattr_in -> SetAttr, by the FATTR_* bits in `valid` (fs/fuse/dir.c iattr_to_fattr)
function toSetAttr(a: FuseSetattrIn): SetAttr {
  const s: SetAttr = {};
  if (a.valid & K.FATTR_MODE) s.mode = a.mode;
  if (a.valid & K.FATTR_UID) s.uid = a.uid;
  if (a.valid & K.FATTR_GID) s.gid = a.gid;
  if (a.valid & K.FATTR_SIZE) s.size = a.size;
  if (a.valid & K.FATTR_ATIME_NOW) s.atime = 'now';
  else if (a.valid & K.FATTR_ATIME) s.atime = { sec: a.atime, nsec: a.atimensec };
  if (a.valid & K.FATTR_MTIME_NOW) s.mtime = 'now';
  else if (a.valid & K.FATTR_MTIME) s.mtime = { sec: a.mtime, nsec: a.mtimensec };
  if (a.valid & K.FATTR_FH) s.fh = a.fh;
  return s;
}
