// seedFromDirectory copies a real tree: contents, types, modes, times, links.
import { chmod, chown, link, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { dir } from 'tmp-promise';
import { MemFs } from '../../src/fs/memfs.js';
import { seedFromDirectory } from '../../src/fs/seed.js';
import { ROOT_ID } from '../../src/fs/types.js';
import { root } from './helpers.js';

/** Walks a path from the root with lookups, giving each lookup back. */
function resolve(fs: MemFs, path: string): bigint {
  let id = ROOT_ID;
  for (const part of path.split('/').filter(Boolean)) {
    id = fs.lookup(id, part, root).nodeid;
    fs.forget(id, 1n);
  }
  return id;
}

t.test('a tree with files, dirs, symlinks, fifos and hard links', async (t) => {
  const src = await dir({ unsafeCleanup: true });
  t.teardown(() => src.cleanup());
  const p = (x: string) => join(src.path, x);
  await mkdir(p('sub/deeper'), { recursive: true });
  await writeFile(p('sub/a.txt'), 'alpha');
  await writeFile(p('big'), Buffer.alloc(3 * 1024 * 1024 + 5, 9));
  await chmod(p('sub/a.txt'), 0o751);
  await utimes(p('sub/a.txt'), 1000.5, 2000.25);
  await symlink('sub/a.txt', p('ln'));
  await link(p('sub/a.txt'), p('hard'));
  execFileSync('mkfifo', [p('fifo')]);

  const fs = new MemFs();
  await seedFromDirectory(fs, src.path);
  const a = resolve(fs, '/sub/a.txt');
  const attr = fs.getattr(a);
  t.equal(attr.mode, 0o100751, 'mode');
  t.same(attr.mtime, { sec: 2000n, nsec: 250_000_000 }, 'mtime with sub-second part');
  t.same(attr.atime, { sec: 1000n, nsec: 500_000_000 }, 'atime');
  t.equal(attr.nlink, 2, 'hard link kept as one inode');
  t.equal(resolve(fs, '/hard'), a);
  const fh = fs.open(a, 0, root);
  t.equal(fs.read(a, fh, 0n, 100).toString(), 'alpha');
  fs.release(a, fh);
  t.equal(fs.readlink(resolve(fs, '/ln')), 'sub/a.txt');
  t.equal(fs.getattr(resolve(fs, '/fifo')).mode & 0o170000, 0o010000, 'fifo');
  t.equal(fs.getattr(resolve(fs, '/big')).size, BigInt(3 * 1024 * 1024 + 5));
  t.equal(fs.getattr(resolve(fs, '/sub/deeper')).mode & 0o170000, 0o040000);
  // seeding leaves no lookups behind: an unlinked seeded file is freed at once
  const big = resolve(fs, '/big');
  fs.unlink(ROOT_ID, 'big', root);
  t.throws(() => fs.getattr(big), 'freed: the seed held no lookup on it');
});

t.test('owners and setuid survive seeding a filesystem that checks permissions', async (t) => {
  const src = await dir({ unsafeCleanup: true });
  t.teardown(async () => {
    await chmod(join(src.path, 'ro'), 0o755);
    await src.cleanup();
  });
  const p = (x: string) => join(src.path, x);
  await mkdir(p('ro'));
  await writeFile(p('ro/tool'), 'x');
  await chown(p('ro/tool'), 1000, 1000);
  await chmod(p('ro/tool'), 0o4755);
  await chown(p('ro'), 2000, 2000);
  // a read-only directory of another owner: the copy still goes in, as root
  await chmod(p('ro'), 0o555);
  const fs = new MemFs({ checkPermissions: true });
  await seedFromDirectory(fs, src.path);
  const tool = fs.getattr(resolve(fs, '/ro/tool'));
  t.same([tool.uid, tool.gid, tool.mode & 0o7777], [1000, 1000, 0o4755], 'owner and setuid kept');
  const ro = fs.getattr(resolve(fs, '/ro'));
  t.same([ro.uid, ro.gid, ro.mode & 0o7777], [2000, 2000, 0o555]);
});
