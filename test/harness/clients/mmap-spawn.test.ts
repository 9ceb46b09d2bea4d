// The mmap case's clients on a plain file (no FUSE): mmap-hold runs one step
// per SIGUSR1 and reports each, mmap-peek reads another process's /proc file,
// and settleStep sees calls that return; waitsOn names what a stack waits on.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { settleStep, waitsOn } from '../../../harness/clients/mmap-settle.js';
import { pythonMissing, startMmapClient } from '../../../harness/clients/mmap-spawn.js';

const blockedOn = (stack: string[]) =>
  waitsOn({
    kind: 'blocked-D',
    ms: 0,
    task: { tid: 1, comm: 'x', state: 'D', stack, wchan: null },
  });

t.test('waitsOn reads the innermost frame', async (t) => {
  t.equal(blockedOn(['__access_remote_vm', 'proc_pid_cmdline_read']), 'mmap_lock read');
  t.equal(blockedOn(['rwsem_down_read_slowpath', 'down_read_killable']), 'mmap_lock read');
  t.equal(blockedOn(['vm_mmap_pgoff', 'do_syscall_64']), 'mmap_lock write');
  t.equal(blockedOn(['folio_wait_bit_common', 'filemap_fault']), 'page of the stalled READ');
  t.equal(blockedOn(['request_wait_answer', 'fuse_simple_request']), 'fuse request');
  t.equal(blockedOn(['do_nanosleep']), 'unknown (do_nanosleep)');
  t.equal(waitsOn({ kind: 'returned', ms: 0 }), undefined, 'nothing for a call that returned');
});

t.test('mmap-hold and mmap-peek on a plain file', async (t) => {
  const missing = await pythonMissing();
  if (missing) {
    t.match(missing, /python3/, 'python3 missing is said plainly');
    return;
  }
  const dir = t.testdir({});
  const file = join(dir, 'data');
  writeFileSync(file, Buffer.alloc(8192, 7));
  const hold = startMmapClient('mmap-hold', ['--path', file, '--steps', 'fault,mmap']);
  t.teardown(() => hold.kill('SIGKILL'));
  const ready = await hold.waitFor((r) => r.step === 'ready');
  t.equal(ready.detail?.length, 8192, 'maps the whole file');
  t.ok(Number(ready.result) > 0, 'reports the address of the mapping');
  await hold.waitFor((r) => r.step === 'wait' && r.enter === true);
  t.notOk(
    hold.reports().some((r) => r.step === 'fault'),
    'no step runs before its signal',
  );
  hold.kill('SIGUSR1');
  const fault = await settleStep(hold, 'fault');
  t.equal(fault.kind, 'returned', 'the fault step returns');
  t.equal(fault.report?.result, 7, 'with the byte at the start of the mapping');
  const peek = startMmapClient('mmap-peek', ['--path', `/proc/${hold.pid}/cmdline`]);
  const read = await settleStep(peek, 'read');
  t.equal(read.kind, 'returned');
  t.ok(Number(read.report?.result) > 0, 'reads the command line');
  hold.kill('SIGUSR1');
  const remap = await settleStep(hold, 'mmap');
  t.equal(remap.report?.result, 0, 'mmap then munmap succeed');
  const end = await hold.done;
  t.equal(end.exitCode, 0, 'mmap-hold exits once every step ran');
  t.equal((await peek.done).exitCode, 0);
  t.ok(
    end.reports.some((r) => r.step === 'exit'),
    'and says so',
  );
});
