// The benchmark's `fusefault serve`: its ready line parsed into the serving
// process's pid, whose CPU time and request counts are what the phases measure.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
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
