// Argument parsers for requests about directory entries: one small function
// per struct (pg-protocol style). Names are NUL-terminated and follow the
// fixed part; layouts that grew are chosen by the negotiated minor.
import {
  FUSE_COMPAT_CREATE_IN_SIZE,
  FUSE_COMPAT_MKNOD_IN_SIZE,
  FUSE_CREATE_IN_SIZE,
  FUSE_LINK_IN_SIZE,
  FUSE_MKDIR_IN_SIZE,
  FUSE_MKNOD_IN_SIZE,
  FUSE_RENAME2_IN_SIZE,
  FUSE_RENAME_IN_SIZE,
} from './constants.js';
import type { Cursor } from './cursor.js';
import type {
  DecodeSession,
  FuseCreateIn,
  FuseLinkIn,
  FuseMkdirIn,
  FuseMknodIn,
  FuseNameIn,
  FuseRenameIn,
  FuseSymlinkIn,
} from './types.js';

// LOOKUP, UNLINK, RMDIR, REMOVEXATTR: just a name.
export function parseName(c: Cursor): FuseNameIn {
  return { name: c.cstring('name') };
}

// SYMLINK: the new entry's name, then the link target (fs/fuse/dir.c fuse_symlink).
export function parseSymlink(c: Cursor): FuseSymlinkIn {
  const name = c.cstring('name');
  return { name, target: c.cstring('target') };
}

// MKNOD: umask was added in 7.12 (FUSE_COMPAT_MKNOD_IN_SIZE before).
export function parseMknod(c: Cursor, s: DecodeSession): FuseMknodIn {
  const compat = s.minor < 12;
  c.need(compat ? FUSE_COMPAT_MKNOD_IN_SIZE : FUSE_MKNOD_IN_SIZE, 'fuse_mknod_in');
  const mode = c.u32();
  const rdev = c.u32();
  let umask = 0;
  if (!compat) {
    umask = c.u32();
    c.skip(4);
  }
  return { mode, rdev, umask, name: c.cstring('name') };
}

// MKDIR: fuse_mkdir_in has been 8 bytes since 7.1 (umask replaced padding in 7.12).
export function parseMkdir(c: Cursor): FuseMkdirIn {
  c.need(FUSE_MKDIR_IN_SIZE, 'fuse_mkdir_in');
  const mode = c.u32();
  const umask = c.u32();
  return { mode, umask, name: c.cstring('name') };
}

// RENAME: fuse_rename_in {newdir}, then the old and the new name.
export function parseRename(c: Cursor): FuseRenameIn {
  c.need(FUSE_RENAME_IN_SIZE, 'fuse_rename_in');
  const newdir = c.u64();
  const oldname = c.cstring('oldname');
  return { newdir, flags: 0, oldname, newname: c.cstring('newname') };
}

// RENAME2 (7.23): fuse_rename2_in {newdir, flags (RENAME_*), padding}, then the names.
export function parseRename2(c: Cursor): FuseRenameIn {
  c.need(FUSE_RENAME2_IN_SIZE, 'fuse_rename2_in');
  const newdir = c.u64();
  const flags = c.u32();
  c.skip(4);
  const oldname = c.cstring('oldname');
  return { newdir, flags, oldname, newname: c.cstring('newname') };
}

// LINK: header.nodeid is the new parent; oldnodeid the existing inode.
export function parseLink(c: Cursor): FuseLinkIn {
  c.need(FUSE_LINK_IN_SIZE, 'fuse_link_in');
  const oldnodeid = c.u64();
  return { oldnodeid, name: c.cstring('name') };
}

// CREATE: before 7.12 the argument was fuse_open_in {flags, mode} (libfuse do_create).
export function parseCreate(c: Cursor, s: DecodeSession): FuseCreateIn {
  const compat = s.minor < 12;
  c.need(compat ? FUSE_COMPAT_CREATE_IN_SIZE : FUSE_CREATE_IN_SIZE, 'fuse_create_in');
  const flags = c.u32();
  const mode = c.u32();
  let umask = 0;
  let openFlags = 0;
  if (!compat) {
    umask = c.u32();
    openFlags = c.u32();
  }
  return { flags, mode, umask, openFlags, name: c.cstring('name') };
}
