// Who may do what when the filesystem checks permissions itself (a mount
// without default_permissions), one row per rule, on a fresh tree each:
//   /            0755 root          /home         0755 alice
//   /pub         1777 root (sticky) /home/f       0644 alice:alice
//   /priv        0700 root          /home/d       0755 bob (a directory)
//   /priv/in     0644 root          /pub/alice    0644 alice, /pub/bob 0644 bob
//   /secret      0600 root          /home/suid    4755 alice, /home/sgid 2755 alice:alice
//   /home/lock   2745 alice:alice   /home/open    0666 alice, /home/xonly 0711 alice
import { constants } from 'node:os';
import t from 'tap';
import { MemFs } from '../../src/fs/memfs.js';
import { ROOT_ID, type Caller } from '../../src/fs/types.js';
import { root, throwsErrno } from './helpers.js';

const E = constants.errno;
const alice: Caller = { uid: 1000, gid: 1000, pid: 2 };
const bob: Caller = { uid: 2000, gid: 2000, pid: 3 };
const O_RDONLY = 0;
const O_WRONLY = 1;
const O_CREAT = 0o100;
const FMODE_EXEC = 0x20;
const S_IFMT = 0o170000;

type Ids = Record<string, bigint>;

// The tree above, built as root and given its owners.
function tree(checkPermissions: boolean): { fs: MemFs; ids: Ids } {
  const fs = new MemFs({ checkPermissions });
  const ids: Ids = { '/': ROOT_ID };
  const parentOf = (path: string) => ids[path.slice(0, path.lastIndexOf('/')) || '/']!;
  const make = (path: string, mode: number, owner: Caller, dir = false) => {
    const parent = parentOf(path);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const id = dir
      ? fs.mkdir(parent, name, 0o700, root).nodeid
      : fs.create(parent, name, 0o600, O_CREAT, root).entry.nodeid;
    fs.setattr(id, { uid: owner.uid, gid: owner.gid }, root);
    fs.setattr(id, { mode }, root);
    ids[path] = id;
  };
  make('/home', 0o755, alice, true);
  make('/pub', 0o1777, root, true);
  make('/priv', 0o700, root, true);
  make('/priv/in', 0o644, root);
  make('/secret', 0o600, root);
  make('/home/f', 0o644, alice);
  make('/home/d', 0o755, bob, true);
  make('/pub/alice', 0o644, alice);
  make('/pub/bob', 0o644, bob);
  make('/home/suid', 0o4755, alice);
  make('/home/sgid', 0o2755, alice);
  make('/home/lock', 0o2745, alice);
  make('/home/open', 0o666, alice);
  make('/home/xonly', 0o711, alice);
  return { fs, ids };
}

const modeOf = (fs: MemFs, id: bigint) => fs.getattr(id).mode & ~S_IFMT;
const writeAs = (fs: MemFs, id: bigint, who: Caller) => {
  const fh = fs.open(id, O_WRONLY, root);
  fs.write(id, fh, 0n, Buffer.from('x'), who);
  fs.release(id, fh);
};

interface Row {
  what: string;
  run: (fs: MemFs, ids: Ids) => unknown;
  /** refused with this errno; otherwise it succeeds */
  errno?: number;
  /** after success: the mode this node (by path) has */
  mode?: [string, number];
}

const rows: Row[] = [
  // search, read, write, execute
  {
    what: 'lookup in a 0700 dir by another user',
    run: (fs, i) => fs.lookup(i['/priv']!, 'in', bob),
    errno: E.EACCES,
  },
  { what: 'lookup in a 0700 dir by root', run: (fs, i) => fs.lookup(i['/priv']!, 'in', root) },
  {
    what: 'opendir of a 0700 dir by another user',
    run: (fs, i) => fs.opendir(i['/priv']!, bob),
    errno: E.EACCES,
  },
  {
    what: 'read-open of a root 0600 file by another user',
    run: (fs, i) => fs.open(i['/secret']!, O_RDONLY, bob),
    errno: E.EACCES,
  },
  {
    what: 'read-open of a root 0600 file by root',
    run: (fs, i) => fs.open(i['/secret']!, O_RDONLY, root),
  },
  {
    what: 'write-open of a 0644 file by another user',
    run: (fs, i) => fs.open(i['/home/f']!, O_WRONLY, bob),
    errno: E.EACCES,
  },
  {
    what: 'read-open of a 0644 file by another user',
    run: (fs, i) => fs.open(i['/home/f']!, O_RDONLY, bob),
  },
  {
    what: 'exec-open of a 0644 file by its owner',
    run: (fs, i) => fs.open(i['/home/f']!, FMODE_EXEC, alice),
    errno: E.EACCES,
  },
  {
    what: 'exec-open of a 0711 file by another user: x, not r',
    run: (fs, i) => fs.open(i['/home/xonly']!, FMODE_EXEC, bob),
  },
  {
    what: 'read-open of a 0711 file by another user',
    run: (fs, i) => fs.open(i['/home/xonly']!, O_RDONLY, bob),
    errno: E.EACCES,
  },
  {
    what: 'exec-open of a 4755 file by another user',
    run: (fs, i) => fs.open(i['/home/suid']!, FMODE_EXEC, bob),
  },
  // names in directories
  {
    what: 'create in a 0755 dir by another user',
    run: (fs, i) => fs.create(i['/home']!, 'n', 0o644, O_CREAT, bob),
    errno: E.EACCES,
  },
  {
    what: 'create in a 0755 dir by its owner',
    run: (fs, i) => fs.create(i['/home']!, 'n', 0o644, O_CREAT, alice),
  },
  {
    what: 'mkdir in / by a user',
    run: (fs) => fs.mkdir(ROOT_ID, 'n', 0o755, alice),
    errno: E.EACCES,
  },
  { what: 'symlink in /pub by a user', run: (fs, i) => fs.symlink(i['/pub']!, 'l', '/x', alice) },
  {
    what: 'link into a 0755 dir by another user',
    run: (fs, i) => fs.link(i['/pub/bob']!, i['/home']!, 'h', bob),
    errno: E.EACCES,
  },
  {
    what: "unlink of a 0755 dir's file by another user",
    run: (fs, i) => fs.unlink(i['/home']!, 'f', bob),
    errno: E.EACCES,
  },
  {
    what: "unlink of another's file in a sticky dir",
    run: (fs, i) => fs.unlink(i['/pub']!, 'bob', alice),
    errno: E.EPERM,
  },
  {
    what: "unlink of one's own file in a sticky dir",
    run: (fs, i) => fs.unlink(i['/pub']!, 'alice', alice),
  },
  {
    what: 'unlink in a sticky dir by its owner (root)',
    run: (fs, i) => fs.unlink(i['/pub']!, 'bob', root),
  },
  {
    what: "rename of another's file in a sticky dir",
    run: (fs, i) => fs.rename(i['/pub']!, 'bob', i['/pub']!, 'x', 0, alice),
    errno: E.EPERM,
  },
  {
    what: "rename over another's file in a sticky dir",
    run: (fs, i) => fs.rename(i['/pub']!, 'alice', i['/pub']!, 'bob', 0, alice),
    errno: E.EPERM,
  },
  {
    what: 'rename of an unwritable dir to another parent',
    run: (fs, i) => fs.rename(i['/home']!, 'd', i['/pub']!, 'd', 0, alice),
    errno: E.EACCES,
  },
  {
    what: 'rename of an unwritable dir in the same parent',
    run: (fs, i) => fs.rename(i['/home']!, 'd', i['/home']!, 'e', 0, alice),
  },
  {
    what: 'rmdir in a 0755 dir by another user',
    run: (fs, i) => fs.rmdir(i['/home']!, 'd', bob),
    errno: E.EACCES,
  },
  // ownership
  {
    what: 'chown to root by the owner',
    run: (fs, i) => fs.setattr(i['/home/f']!, { uid: 0, gid: 0 }, alice),
    errno: E.EPERM,
  },
  {
    what: 'chown to oneself by the owner',
    run: (fs, i) => fs.setattr(i['/home/f']!, { uid: 1000 }, alice),
  },
  {
    what: "chgrp to root's group by the owner",
    run: (fs, i) => fs.setattr(i['/home/f']!, { gid: 0 }, alice),
    errno: E.EPERM,
  },
  {
    what: "chgrp to the caller's gid by the owner",
    run: (fs, i) => fs.setattr(i['/home/f']!, { gid: 1001 }, { ...alice, gid: 1001 }),
  },
  {
    what: 'chgrp by another user in that group',
    run: (fs, i) => fs.setattr(i['/home/f']!, { gid: 2000 }, bob),
    errno: E.EPERM,
  },
  {
    what: 'chown to another user by root',
    run: (fs, i) => fs.setattr(i['/home/f']!, { uid: 2000 }, root),
  },
  {
    what: 'chown by root drops setuid',
    run: (fs, i) => fs.setattr(i['/home/suid']!, { uid: 0, gid: 0 }, root),
    mode: ['/home/suid', 0o755],
  },
  {
    what: 'chown drops setgid of a group-executable file',
    run: (fs, i) => fs.setattr(i['/home/sgid']!, { uid: 2000 }, root),
    mode: ['/home/sgid', 0o755],
  },
  // modes and times
  {
    what: 'chmod by another user',
    run: (fs, i) => fs.setattr(i['/home/f']!, { mode: 0o777 }, bob),
    errno: E.EPERM,
  },
  {
    what: 'chmod 4755 by the owner',
    run: (fs, i) => fs.setattr(i['/home/f']!, { mode: 0o4755 }, alice),
    mode: ['/home/f', 0o4755],
  },
  {
    what: 'chmod g+s by an owner outside the group',
    run: (fs, i) => fs.setattr(i['/home/f']!, { mode: 0o2755 }, { ...alice, gid: 5 }),
    mode: ['/home/f', 0o755],
  },
  {
    what: 'chmod g+s by root outside the group',
    run: (fs, i) => fs.setattr(i['/home/f']!, { mode: 0o2755 }, root),
    mode: ['/home/f', 0o2755],
  },
  {
    what: 'utimes to a given time by another user',
    run: (fs, i) => fs.setattr(i['/home/open']!, { mtime: { sec: 1n, nsec: 0 } }, bob),
    errno: E.EPERM,
  },
  {
    what: 'utimes to now by a user who may not write',
    run: (fs, i) => fs.setattr(i['/home/f']!, { mtime: 'now' }, bob),
    errno: E.EACCES,
  },
  {
    what: 'utimes to now by a user who may write',
    run: (fs, i) => fs.setattr(i['/home/open']!, { atime: 'now', mtime: 'now' }, bob),
  },
  // truncate and write drop privileges
  {
    what: 'truncate by a user who may not write',
    run: (fs, i) => fs.setattr(i['/home/f']!, { size: 0n }, bob),
    errno: E.EACCES,
  },
  {
    what: 'ftruncate (a handle) by a user who may not write now',
    run: (fs, i) => fs.setattr(i['/home/f']!, { size: 0n, fh: 1n }, bob),
  },
  {
    what: 'truncate by the owner drops setuid',
    run: (fs, i) => fs.setattr(i['/home/suid']!, { size: 0n }, alice),
    mode: ['/home/suid', 0o755],
  },
  {
    what: 'truncate by root keeps setuid',
    run: (fs, i) => fs.setattr(i['/home/suid']!, { size: 0n }, root),
    mode: ['/home/suid', 0o4755],
  },
  {
    what: 'write by a non-root user drops setuid',
    run: (fs, i) => writeAs(fs, i['/home/suid']!, alice),
    mode: ['/home/suid', 0o755],
  },
  {
    what: 'write drops setgid of a group-executable file',
    run: (fs, i) => writeAs(fs, i['/home/sgid']!, alice),
    mode: ['/home/sgid', 0o755],
  },
  {
    what: 'write keeps setgid without group x (locking) in the group',
    run: (fs, i) => writeAs(fs, i['/home/lock']!, alice),
    mode: ['/home/lock', 0o2745],
  },
  {
    what: 'write drops setgid without group x outside the group',
    run: (fs, i) => writeAs(fs, i['/home/lock']!, bob),
    mode: ['/home/lock', 0o745],
  },
  {
    what: 'write by root keeps setuid',
    run: (fs, i) => writeAs(fs, i['/home/suid']!, root),
    mode: ['/home/suid', 0o4755],
  },
];

t.test('the server checks every request', async (t) => {
  for (const row of rows) {
    const { fs, ids } = tree(true);
    if (row.errno !== undefined) {
      throwsErrno(t, () => row.run(fs, ids), row.errno, row.what);
      continue;
    }
    t.doesNotThrow(() => row.run(fs, ids), row.what);
    if (row.mode)
      t.equal(modeOf(fs, ids[row.mode[0]]!).toString(8), row.mode[1].toString(8), row.what);
  }
});

t.test('with default_permissions the kernel checked: the filesystem does as asked', async (t) => {
  for (const row of rows) {
    const { fs, ids } = tree(false);
    // a check the kernel makes before the request is sent never reaches us
    t.doesNotThrow(() => row.run(fs, ids), row.what);
  }
  const { fs, ids } = tree(false);
  writeAs(fs, ids['/home/suid']!, alice);
  t.equal(modeOf(fs, ids['/home/suid']!), 0o4755, 'the kernel drops setuid by SETATTR itself');
});
