// The benchmark's `fusefault serve`: its ready line parsed into the serving
// process's pid, whose CPU time and request counts are what the phases measure.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { warmShortfall, warmUp, WARM_MIB, WARM_REQUESTS } from '../../bench/measure.js';
import { buildRefPrograms } from '../../bench/ref-build.js';
import { startRefServer } from '../../bench/ref-server.js';
import { startServer } from '../../bench/server.js';
import { connectionAt } from '../../src/mount/mountinfo.js';
import { assertMachineClean } from '../fuse-helpers.js';

t.test('raw serve: the pid it printed, its CPU time, its counts', async (t) => {
  // a short directory: the control socket's path must fit sun_path (108 bytes)
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-bench-'));
  const srv = await startServer({ dir, backend: 'raw', faults: [], profile: false });
  const { pid, mountpoint } = srv;
  try {
    t.equal(mountpoint, join(dir, 'mnt'));
    t.ok(connectionAt(mountpoint) !== undefined, 'mounted');
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    t.equal(argv[argv.indexOf('serve') + 1], mountpoint, 'the pid is the serving process');
    writeFileSync(join(mountpoint, 'f'), 'abc');
    t.equal(statSync(join(mountpoint, 'f')).size, 3, 'the mount answers');
    const counts = await srv.counts();
    t.ok((counts.write ?? 0) >= 1, 'the control socket counts the write');
    // node's start alone costs far more than one clock tick (10 ms)
    t.ok(srv.cpu() > 0, 'the server has used CPU time');
  } finally {
    await srv.stop();
  }
  t.ok(srv.exited(), 'SIGTERM ended it');
  t.equal(srv.cpu(), 0, 'a process that is gone reads as 0');
  assertMachineClean(t, { mountpoint, pids: [pid] });
  rmSync(dir, { recursive: true, force: true });
});

t.test('warm-up: the JIT sees every path WARM_REQUESTS times, whatever the bytes', async (t) => {
  const programs = await buildRefPrograms();
  for (const backend of ['raw', 'c'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'fusefault-bench-'));
    const srv =
      backend === 'c'
        ? await startRefServer({ dir, binary: programs.server })
        : await startServer({ dir, backend, faults: [], profile: false });
    const file = join(srv.mountpoint, 'big');
    try {
      writeFileSync(file, '');
      const { writes, reads } = await warmUp(srv, programs.statLoop, file);
      // two passes of 4 KiB writes, one of 1 MiB ones, each one request (no write-back cache)
      t.equal(writes, 2 * WARM_REQUESTS + WARM_MIB, `${backend}: writes the server answered`);
      t.ok(reads >= WARM_REQUESTS, `${backend}: ${reads} reads answered`);
      t.equal(statSync(file).size, 0, `${backend}: the file is emptied for the measured write`);
    } finally {
      await srv.stop();
    }
    assertMachineClean(t, { mountpoint: srv.mountpoint, pids: [srv.pid] });
    rmSync(dir, { recursive: true, force: true });
  }
});

t.test('warm-up short of its reads: said, with how many it got', async (t) => {
  const rows: [reads: number, want: RegExp | undefined][] = [
    [WARM_REQUESTS, undefined],
    [WARM_REQUESTS + 7, undefined],
    [WARM_REQUESTS - 1, /^bench: raw: the warm-up got 4095 reads answered, not 4096: /],
    // a server that counts no reads at all
    [0, /^bench: raw: the warm-up got 0 reads answered, not 4096: /],
  ];
  for (const [reads, want] of rows) {
    const got = warmShortfall('raw', reads);
    if (want) t.match(got, want, `${reads} reads`);
    else t.equal(got, undefined, `${reads} reads`);
  }
});
