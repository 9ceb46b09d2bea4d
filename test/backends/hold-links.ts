// Shared by both backends' hold tests: a seed tree with symlinks, and the
// checks that ctl open never follows one and creates only when asked.
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { Served } from '../fuse-helpers.js';

/**
 * A --seed-dir with a file f, a directory d/f, and symlinks: link -> f,
 * dlink -> d, outside -> a file beside the seed dir ('victim', holding 'keep');
 * an empty 'mnt' lies beside it too.
 */
export function seedWithLinks(t: Test): string {
  const dir = t.testdir({ seed: { f: 'seeded', d: { f: 'in d' } }, victim: 'keep', mnt: {} });
  const seed = join(dir, 'seed');
  symlinkSync('f', join(seed, 'link'));
  symlinkSync('d', join(seed, 'dlink'));
  symlinkSync(join(dir, 'victim'), join(seed, 'outside'));
  return seed;
}

/** ctl open on a mount seeded by seedWithLinks: links refused, creation only on request. */
export async function refusesLinksCreatesOnRequest(t: Test, srv: Served, mnt: string) {
  for (const create of [false, true]) {
    const link = await srv.ctl({ cmd: 'open', path: '/link', flags: 'rw', create });
    t.match(
      link,
      {
        ok: false,
        error:
          'cannot open /link on the mount: /link is a symlink (ELOOP), which is never followed',
      },
      `a symlink to a file on the mount, create ${create}`,
    );
  }
  t.match(await srv.ctl({ cmd: 'open', path: '/outside', flags: 'r' }), {
    ok: false,
    error: /\/outside is a symlink \(ELOOP\)/,
  });
  t.match(await srv.ctl({ cmd: 'open', path: '/dlink/f', flags: 'r' }), {
    ok: false,
    error: /^cannot open \/dlink\/f on the mount: \/dlink is a symlink \(ENOTDIR\)/,
  });
  t.match(
    await srv.ctl({ cmd: 'open', path: `${mnt}/d/f`, flags: 'r' }),
    { ok: true, fd: Number },
    'a file in a real directory opens',
  );
  t.match(await srv.ctl({ cmd: 'open', path: '/new', flags: 'rw' }), {
    ok: false,
    error: 'cannot open /new on the mount: ENOENT (it is created only when asked for)',
  });
  t.equal(existsSync(join(mnt, 'new')), false, 'not created without create');
  t.match(await srv.ctl({ cmd: 'open', path: '/new', flags: 'rw', create: true }), {
    ok: true,
    fd: Number,
  });
  t.equal(existsSync(join(mnt, 'new')), true, 'created with create');
}
