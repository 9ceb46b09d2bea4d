// An interrupted benchmark leaves nothing behind: what it started is undone,
// the last registered first, and the signal still ends it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import t from 'tap';
import { removeTree } from '../../bench/leftovers.js';
import { descendantPids } from '../../harness/process/pids.js';
import { readMountinfoSync } from '../../src/mount/mountinfo.js';
import { assertMachineClean, waitFor } from '../fuse-helpers.js';

const LEFTOVERS = fileURLToPath(new URL('../../bench/leftovers.js', import.meta.url));
const RUN = fileURLToPath(new URL('../../bench/run.js', import.meta.url));

t.test('onLeave: undone in reverse order on SIGTERM, which still ends the process', async (t) => {
  const script = `
    const { onLeave } = await import(${JSON.stringify(LEFTOVERS)});
    onLeave(() => console.log('first'));
    const off = onLeave(() => console.log('withdrawn'));
    onLeave(() => console.log('last'));
    off();
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => console.log('still alive'), 2000);
  `;
  const r = await execa(process.execPath, ['--input-type=module', '-e', script], { reject: false });
  t.same(r.stdout.split('\n'), ['last', 'first']);
  t.equal(r.signal, 'SIGTERM');
});

t.test(
  'npm run bench interrupted while a server is up: no server, mount or loop left',
  async (t) => {
    // the bench's directories in a TMPDIR of this test's own (short: the
    // control socket's path must fit sun_path), so other tests' mounts are not counted
    const tmp = mkdtempSync('/tmp/ff-leave-');
    const benchMounts = () => readMountinfoSync().filter((m) => m.mountpoint.startsWith(`${tmp}/`));
    const env = { BENCH_ROUNDS: '1', BENCH_MIB: '16', BENCH_STAT_SECS: '30', BENCH_LOAD: '1' };
    const bench = spawn(process.execPath, [RUN], {
      env: { ...process.env, ...env, TMPDIR: tmp },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((res) =>
      bench.once('exit', (_c, s) => res(s)),
    );
    t.teardown(() => {
      if (bench.exitCode === null && bench.signalCode === null) bench.kill('SIGINT');
      rmSync(tmp, { recursive: true, force: true });
    });
    // the C server's measured stat loop runs for 30 s: interrupt it there
    const comms = () =>
      descendantPids(bench.pid!).map((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8');
        } catch {
          return '';
        }
      });
    await waitFor(
      () =>
        benchMounts().length === 1 &&
        comms().some((c) => c.includes('stat-loop') && c.includes('\u000030')),
      { what: "the C server's measured stat loop", timeoutMs: 60000 },
    );
    const [mount] = benchMounts();
    const started = descendantPids(bench.pid!);
    t.ok(
      comms().some((c) => c.includes('ref-server')),
      'the C server runs',
    );
    t.ok(
      comms().some((c) => c.includes('for (;;)')),
      'the busy loop runs',
    );
    bench.kill('SIGINT');
    t.equal(await exited, 'SIGINT', 'the bench ends by the signal');
    await waitFor(() => started.every((p) => !existsSync(`/proc/${p}`)), {
      what: 'every process the bench started gone',
    });
    t.same(benchMounts(), [], 'no bench mount after');
    t.notOk(existsSync(mount!.mountpoint), 'its directory removed');
    assertMachineClean(t, { mountpoint: mount!.mountpoint, pids: started });
  },
);

t.test('removeTree: a mount below is unmounted, not walked into', async (t) => {
  const keep = mkdtempSync('/tmp/ff-keep-');
  const dir = mkdtempSync('/tmp/ff-tree-');
  t.teardown(() => {
    if (readMountinfoSync().some((m) => m.mountpoint.startsWith(`${dir}/`)))
      execFileSync('umount', ['-l', `${dir}/a/mnt`]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(keep, { recursive: true, force: true });
  });
  writeFileSync(join(keep, 'precious'), 'x');
  mkdirSync(join(dir, 'a', 'mnt'), { recursive: true });
  writeFileSync(join(dir, 'a', 'own'), 'y');
  // a bind mount of KEEP: rmSync alone stops at it with EBUSY
  execFileSync('mount', ['--bind', keep, join(dir, 'a', 'mnt')]);
  t.equal(removeTree(dir), undefined, 'nothing left to say');
  t.notOk(existsSync(dir), 'the tree is gone');
  t.ok(existsSync(join(keep, 'precious')), "the mount's source kept its file");
  t.notOk(
    readMountinfoSync().some((m) => m.mountpoint.startsWith(dir)),
    'no mount left below it',
  );
});
