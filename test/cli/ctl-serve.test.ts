// `fusefault ctl` (the compiled CLI) against a real `fusefault serve` mount.
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { assertMachineClean, waitFor, withServe } from '../fuse-helpers.js';
import { CLI, fusefault } from '../helpers.js';

t.test('a lookup stalled through ctl is seen in status and freed by release', async (t) => {
  let mnt = '';
  const pids: number[] = [];
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    const ctl = (...args: string[]) => fusefault(['ctl', srv.control, ...args]);
    let r = await ctl('add', 'lookup@/held*:stall');
    t.equal(r.exitCode, 0, r.stderr);
    t.equal(r.stdout, 'rule 1: lookup@/held*:stall');

    const stat = execa('stat', ['-c', '%n', join(mnt, 'held1')], { reject: false });
    if (stat.pid !== undefined) pids.push(stat.pid);
    await srv.waitForEvent((e) => e.ev === 'fault' && e.rule === 1, 'the stall');
    r = await ctl('status');
    t.equal(r.exitCode, 0, r.stderr);
    t.match(r.stdout, /^state {7}serving$/m);
    t.match(r.stdout, /^in flight {3}1$/m);
    t.match(r.stdout, /lookup +stall .*\/held1$/m);
    r = await ctl('list');
    t.match(r.stdout, /^ 1 +1 {2}lookup@\/held\*:stall$/m, 'one hit so far');
    t.equal(stat.exitCode, null, 'stat is still waiting');

    r = await ctl('release', '1');
    t.equal(r.stdout, 'released rule 1');
    const done = await stat;
    t.not(done.exitCode, 0, 'released normally: the name does not exist');
    t.match(done.stderr, /No such file or directory/);
    r = await ctl('remove', '1');
    t.equal(r.exitCode, 0);
    r = await ctl('list');
    t.equal(r.stdout, 'no rules');
  });
  assertMachineClean(t, { mountpoint: mnt, pids });
});

t.test('events stream the requests of the mount; open holds a file', async (t) => {
  let mnt = '';
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    writeFileSync(join(mnt, 'f'), 'x');
    const events = execa(process.execPath, [CLI, 'ctl', srv.control, 'events'], {
      reject: false,
      timeout: 60_000,
    });
    let out = '';
    events.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    // The CLI subscribes some time after it starts: poke the mount until a
    // request for our marker shows up in its output.
    await waitFor(
      async () => {
        await execa('stat', [join(mnt, 'marker')], { reject: false });
        return out.includes('"path":"/marker"');
      },
      { what: 'a lookup of /marker in ctl events' },
    );
    events.kill('SIGINT');
    const ended = await events;
    t.equal(ended.exitCode, 0);
    const lines = out.trim().split('\n');
    t.ok(
      lines.every((l) => typeof JSON.parse(l).ev === 'string'),
      'every line is a trace event',
    );

    const r = await fusefault(['ctl', srv.control, 'open', '/f', 'r']);
    t.equal(r.exitCode, 0, r.stderr);
    t.match(r.stdout, /^holding \/f open as fd \d+$/);
    const bad = await fusefault(['ctl', srv.control, 'open', '/nope', 'r']);
    t.equal(bad.exitCode, 1);
    t.match(bad.stderr, /^fusefault: .*ENOENT/);
    t.equal(existsSync(join(mnt, 'nope')), false, 'not created without --create');
    const made = await fusefault(['ctl', srv.control, 'open', '/nope', 'rw', '--create']);
    t.equal(made.exitCode, 0, made.stderr);
    t.equal(existsSync(join(mnt, 'nope')), true, 'created with --create');
    symlinkSync('f', join(mnt, 'lnk'));
    const link = await fusefault(['ctl', srv.control, 'open', '/lnk', 'rw', '--create']);
    t.equal(link.exitCode, 1);
    t.equal(
      link.stderr,
      'fusefault: cannot open /lnk on the mount: /lnk is a symlink (ELOOP), which is never followed',
    );
  });
  assertMachineClean(t, { mountpoint: mnt });
});

t.test('stop and resume through ctl', async (t) => {
  let mnt = '';
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    let r = await fusefault(['ctl', srv.control, 'stop']);
    t.equal(r.exitCode, 0, r.stderr);
    r = await fusefault(['ctl', srv.control, 'status', '--json']);
    t.match(JSON.parse(r.stdout), { ok: true, status: { stopped: true } });
    r = await fusefault(['ctl', srv.control, 'resume']);
    t.equal(r.stdout, 'resumed');
    r = await fusefault(['ctl', srv.control, 'status', '--json']);
    t.match(JSON.parse(r.stdout), { ok: true, status: { stopped: false } });
    const ls = await execa('ls', [mnt], { reject: false });
    t.equal(ls.exitCode, 0, 'serving again');
  });
  assertMachineClean(t, { mountpoint: mnt });
});
