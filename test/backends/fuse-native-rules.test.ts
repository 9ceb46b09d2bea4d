// Rules matched by path and delays on a fuse-native mount: the path adapter
// gives rules the same paths the raw engine does, and a held request is
// answered normally once released. `ctl open` holds a file open on the mount.
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { refusesLinksCreatesOnRequest, seedWithLinks } from './hold-links.js';
import { findMount } from '../../src/mount/mountinfo.js';
import { assertMachineClean, withServe } from '../fuse-helpers.js';
import { fusefault } from '../helpers.js';

t.test('read@/data/*:stall holds reads under /data only, until released', async (t) => {
  let mp = '';
  let pid = 0;
  await withServe({ backend: 'fuse-native', faults: ['read@/data/*:stall'] }, async (srv) => {
    mp = srv.mountpoint;
    const prep = await execa('sh', ['-c', 'mkdir data && echo hi > data/x && echo ho > other'], {
      cwd: mp,
      reject: false,
    });
    t.equal(prep.exitCode, 0, prep.stderr);
    const other = await execa('cat', ['other'], { cwd: mp, reject: false, timeout: 20_000 });
    t.equal(other.stdout, 'ho', 'a read outside /data is answered');
    const cat = execa('cat', ['data/x'], { cwd: mp, reject: false });
    pid = cat.pid ?? 0;
    const fault = await srv.waitForEvent((e) => e.ev === 'fault' && e.op === 'read');
    const req = srv.events.find(
      (e) => e.ev === 'request' && fault.ev === 'fault' && e.unique === fault.unique,
    );
    t.equal(req?.ev === 'request' && req.path, '/data/x', 'the held read is the one on /data/x');
    t.equal(cat.exitCode, null, 'cat is still waiting');
    t.same(await srv.ctl({ cmd: 'release' }), { ok: true });
    const r = await cat;
    t.equal(r.stdout, 'hi', 'released read returns the data');
  });
  assertMachineClean(t, { mountpoint: mp, pids: [pid] });
});

t.test('getattr:delay=300ms delays stat by at least that much', async (t) => {
  let mp = '';
  await withServe({ backend: 'fuse-native' }, async (srv) => {
    mp = srv.mountpoint;
    await execa('touch', ['f'], { cwd: mp });
    const add = await srv.ctl({ cmd: 'add', spec: 'getattr@/f:delay=300ms' });
    t.equal(add.ok, true, 'rule added while serving');
    const r = await execa('stat', ['-c', '%s', 'f'], { cwd: mp, reject: false });
    t.equal(r.stdout, '0');
    const reply = await srv.waitForEvent(
      (e) =>
        e.ev === 'reply' &&
        e.op === 'getattr' &&
        srv.events.some((f) => f.ev === 'fault' && f.unique === e.unique),
    );
    t.ok(
      reply.ev === 'reply' && reply.ms >= 300,
      'the delayed getattr was answered after the delay',
    );
    t.equal(reply.ev === 'reply' && reply.outcome, 'ok');
  });
  assertMachineClean(t, { mountpoint: mp });
});

t.test('ctl open holds a file open on our own mount', async (t) => {
  let mp = '';
  await withServe({ backend: 'fuse-native' }, async (srv) => {
    mp = srv.mountpoint;
    const r = await srv.ctl({ cmd: 'open', path: '/held', flags: 'rw', create: true });
    t.ok(r.ok && typeof r.fd === 'number' && r.fd > 2, 'an fd in the server');
    const ls = await execa('ls', [mp]);
    t.equal(ls.stdout, 'held', 'created by the open');
    const bad = await srv.ctl({ cmd: 'open', path: '/nope/x', flags: 'r' });
    t.match(!bad.ok && bad.error, /cannot open \/nope\/x on the mount: ENOENT/);
  });
  assertMachineClean(t, { mountpoint: mp });
});

t.test('ctl open and --hold-open never follow a symlink; create only on request', async (t) => {
  let mp = '';
  const seed = seedWithLinks(t);
  await withServe({ backend: 'fuse-native', args: ['--seed-dir', seed] }, async (srv) => {
    mp = srv.mountpoint;
    await refusesLinksCreatesOnRequest(t, srv, mp);
  });
  assertMachineClean(t, { mountpoint: mp });
  const mnt = join(seed, '..', 'mnt');
  for (const [flag, path] of [
    ['--hold-open', 'link'],
    ['--hold-open', 'new'],
  ]) {
    const r = await fusefault([
      'serve',
      mnt,
      '--backend',
      'fuse-native',
      '--seed-dir',
      seed,
      flag!,
      path!,
    ]);
    t.equal(r.exitCode, 2, `${flag} ${path}`);
    t.match(
      r.stderr,
      new RegExp(
        `^fusefault: cannot open /${path} on the mount: (ELOOP|ENOENT|/link is a symlink)`,
      ),
    );
    t.equal(r.stderr.split('\n').length, 1, 'one line');
    t.equal(findMount(mnt), undefined, 'nothing left mounted');
  }
  const ok = await withServe(
    { backend: 'fuse-native', args: ['--hold-open-create', 'made'] },
    async (srv) => {
      mp = srv.mountpoint;
      return { stderr: srv.stderr(), ls: (await execa('ls', [mp])).stdout };
    },
  );
  t.match(ok.stderr, /holding made open as fd \d+/);
  t.equal(ok.ls, 'made', '--hold-open-create created it');
  assertMachineClean(t, { mountpoint: mp });
});
