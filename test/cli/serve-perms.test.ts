// What a mount lets another user do. The escalation it must stop, as uid 65534:
//   cp /bin/bash M/tmp/sh; chown 0:0 M/tmp/sh; chmod 4755 M/tmp/sh; M/tmp/sh -p -c id
// printed euid=0 when mounts had allow_other and neither default_permissions
// nor nosuid. Now chown is refused (by the kernel with default_permissions, by
// the server with --server-permissions), a root-owned setuid file grants
// nothing (nosuid), a root-owned 0600 file stays unreadable, and without
// --allow-other another user cannot reach the mount at all.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { assertMachineClean, withServe, type ServeOpts } from '../fuse-helpers.js';
import { findMount } from '../../src/mount/mountinfo.js';
import { asNobody, fusefault } from '../helpers.js';

const NOBODY = '65534';

// The mount options (per mount) and super options (per filesystem) of MP in mountinfo.
function mountOptions(mp: string): { mount: string[]; super: string[] } {
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [pre, post] = line.split(' - ');
    const f = (pre ?? '').split(' ');
    if (f[4] !== mp) continue;
    return { mount: (f[5] ?? '').split(','), super: ((post ?? '').split(' ')[2] ?? '').split(',') };
  }
  throw new Error(`${mp} is not in mountinfo`);
}

const mounted: string[] = [];

// Serves with OPTS on a mount uid 65534 can reach (its parent 0755) and runs FN.
function served(opts: ServeOpts, fn: (mp: string) => Promise<void>) {
  return withServe(opts, async (srv) => {
    mounted.push(srv.mountpoint);
    chmodSync(dirname(srv.mountpoint), 0o755);
    await fn(srv.mountpoint);
  });
}

// The escalation, step by step, as nobody; and what root left on the mount.
// OWNER: who the copy belongs to. fuse-native cannot see the caller, so every
// file it creates is root's (and nobody may not chmod it either).
async function escalation(t: Test, mp: string, owner = NOBODY) {
  // as root: a world-writable sticky dir, a root setuid shell, a root-only secret
  await execa('mkdir', ['-m', '1777', join(mp, 'tmp')]);
  await execa('cp', ['/bin/bash', join(mp, 'rootsh')]);
  await execa('chmod', ['4755', join(mp, 'rootsh')]);
  writeFileSync(join(mp, 'secret'), 'root only\n', { mode: 0o600 });
  const sh = join(mp, 'tmp', 'sh');
  t.equal((await asNobody('cp', ['/bin/bash', sh])).exitCode, 0, 'nobody copies a shell');
  t.equal((await execa('stat', ['-c', '%u', sh])).stdout, owner, `the copy is ${owner}'s`);
  const chown = await asNobody('chown', ['0:0', sh]);
  t.not(chown.exitCode, 0, 'chown to root is refused');
  t.match(chown.stderr, /Operation not permitted/);
  const chmod = await asNobody('chmod', ['4755', sh]);
  if (owner === NOBODY) t.equal(chmod.exitCode, 0, 'the owner may set setuid');
  else t.match(chmod.stderr, /Operation not permitted/, 'only the owner may chmod');
  t.equal((await asNobody(sh, ['-p', '-c', 'id -u'])).stdout, NOBODY, 'its own shell: euid 65534');
  const rootsh = await asNobody(join(mp, 'rootsh'), ['-p', '-c', 'id -u']);
  t.equal(rootsh.stdout, NOBODY, "root's setuid shell: nosuid, euid stays 65534");
  // a write without CAP_FSETID drops setuid (file_remove_privs), whoever does it
  const open = join(mp, 'tmp', 'open');
  writeFileSync(open, '');
  chmodSync(open, 0o4777);
  t.equal((await asNobody('sh', ['-c', `echo x >> ${open}`])).exitCode, 0, 'nobody writes');
  t.equal((await execa('stat', ['-c', '%a', open])).stdout, '777', 'setuid dropped');
  const cat = await asNobody('cat', [join(mp, 'secret')]);
  t.not(cat.exitCode, 0, 'a root 0600 file is not readable');
  t.match(cat.stderr, /Permission denied/);
  t.equal(cat.stdout, '', 'nothing of it shows');
}

for (const backend of ['raw', 'fuse-native'] as const) {
  t.test(`${backend}, defaults: only the owner gets in, the kernel checks`, async (t) => {
    await served({ backend }, async (mp) => {
      const o = mountOptions(mp);
      t.ok(o.mount.includes('nosuid') && o.mount.includes('nodev'), `mount: ${o.mount}`);
      t.ok(o.super.includes('default_permissions'), `super: ${o.super}`);
      t.notOk(o.super.includes('allow_other'), 'no allow_other');
      t.ok(o.super.includes(`user_id=${process.getuid!()}`), 'owned by the server');
      const stat = await asNobody('stat', [mp]);
      t.not(stat.exitCode, 0, 'another user cannot even stat it');
      t.match(stat.stderr, /Permission denied/);
      t.equal((await execa('stat', ['-c', '%F', mp])).stdout, 'directory', 'its owner can');
    });
  });

  t.test(`${backend}, --allow-other: the escalation ends with euid 65534`, async (t) => {
    await served({ backend, args: ['--allow-other'] }, async (mp) => {
      const o = mountOptions(mp);
      t.ok(o.super.includes('allow_other'), `super: ${o.super}`);
      t.ok(o.super.includes('default_permissions'), 'the kernel checks');
      await escalation(t, mp, backend === 'raw' ? NOBODY : '0');
    });
  });
}

t.test('raw, --server-permissions --allow-other: the server refuses', async (t) => {
  await served({ args: ['--server-permissions', '--allow-other'] }, async (mp) => {
    const o = mountOptions(mp);
    t.ok(o.mount.includes('nosuid') && o.mount.includes('nodev'), `mount: ${o.mount}`);
    t.notOk(o.super.includes('default_permissions'), `super: ${o.super}`);
    await escalation(t, mp);
  });
});

t.test('fuse-native refuses --server-permissions before mounting', async (t) => {
  const dir = t.testdir({ mnt: {} });
  const r = await fusefault([
    'serve',
    join(dir, 'mnt'),
    '--backend',
    'fuse-native',
    '--server-permissions',
  ]);
  t.equal(r.exitCode, 2, 'a usage error');
  t.match(
    r.stderr,
    /^fusefault: the fuse-native backend cannot check permissions in the server: .*\n?$/,
  );
  t.equal(r.stdout, '', 'no ready line');
  t.equal(findMount(join(dir, 'mnt')), undefined, 'nothing mounted');
});

t.test('nothing left behind', async (t) => {
  t.equal(mounted.length, 5, 'five mounts were made');
  for (const mountpoint of mounted) assertMachineClean(t, { mountpoint });
});
