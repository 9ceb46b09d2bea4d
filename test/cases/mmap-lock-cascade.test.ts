// mmap-lock-cascade run for real: each variant's verdict must follow from the
// states and stacks it attached, the stalled READ must be in the trace, and
// releasing the stall must let every task it started exit.
import { existsSync } from 'node:fs';
import t from 'tap';
import { scanTasks } from '../../harness/proc/stuck.js';
import { readTask } from '../../harness/proc/task.js';
import mmapCase, { outcomeOf } from '../../cases/mmap-lock-cascade.js';
import { checkCommon, runCase } from './run-case.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every task in D on the machine whose stack holds one of FRAMES, as "pid/tid frame". */
async function stuckIn(frames: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const [pid, tid] of await scanTasks(['D'])) {
    const hit = (await readTask(pid, tid))?.stack?.find((f) => frames.includes(f));
    if (hit) out.push(`${pid}/${tid} ${hit}`);
  }
  return out;
}

t.test("the outcome from the variants' verdicts", async (t) => {
  const table: [string, string, string][] = [
    ['no-cascade', 'cascade', 'remote-only-cascade'],
    ['cascade', 'no-cascade', 'fault-only-cascade'],
    ['cascade', 'cascade', 'cascade'],
    ['no-cascade', 'no-cascade', 'no-cascade'],
    ['undecided', 'cascade', 'undecided'],
    ['no-cascade', 'undecided', 'undecided'],
    ['undecided', 'undecided', 'undecided'],
  ];
  for (const [fault, remote, want] of table) {
    const got = outcomeOf(fault, remote);
    t.equal(got, want, `fault ${fault}, remote ${remote}`);
    t.ok(mmapCase.outcomes.includes(got), `${got} is declared`);
  }
});

t.test('mmap-lock-cascade', async (t) => {
  const { result } = await runCase('mmap-lock-cascade', 150_000);
  await checkCommon(t, 'mmap-lock-cascade', result);
  if (result.outcome === 'not-applicable') {
    t.match(result.summary, /python3/, 'not applicable only for want of python3');
    return;
  }
  t.match(result.evidence.perVmaLock, /^(y|n|unknown)$/, 'the kernel config behind it');
  const variants = result.evidence.variants as Record<string, Json>;
  t.same(Object.keys(variants).sort(), ['fault', 'remote'], 'both holders were measured');
  for (const [name, v] of Object.entries(variants)) {
    t.test(`${name}: ${v.outcome}`, async (t) => {
      t.ok(['cascade', 'no-cascade', 'undecided'].includes(v.outcome), 'a per-variant verdict');
      const { holder, writer, cmdline } = v.steps as { holder: Json; writer: Json; cmdline: Json };
      t.match(holder.kind, /^blocked-[DS]$/, `the holder sleeps: ${v.said[0]}`);
      t.ok(holder.task.stack.includes('filemap_fault'), 'the holder waits inside filemap_fault');
      if (name === 'remote')
        t.ok(
          holder.task.stack.includes('__access_remote_vm'),
          'the remote holder reads via access_remote_vm',
        );
      t.ok(
        v.readsHeld.some(
          (r: string) => r.startsWith('read /mapped') && r.includes('never answered'),
        ),
        `the server holds the READ: ${v.readsHeld.join('; ')}`,
      );
      if (v.outcome === 'cascade') {
        t.match(cmdline.kind, /^blocked-[DS]$/, 'the cmdline reader blocks');
        t.ok(cmdline.task.stack.includes('proc_pid_cmdline_read'), 'inside proc_pid_cmdline_read');
        t.match(writer.kind, /^blocked-/, 'behind a queued mmap writer');
        t.equal(v.waits.cmdline, 'mmap_lock read', 'waiting for mmap_lock');
      } else if (v.outcome === 'no-cascade') {
        t.equal(cmdline.kind, 'returned', 'the cmdline reader completed');
        t.ok(cmdline.report.result > 0, 'with the command line');
      }
      t.ok(v.release.freed, `every task exited after the release (left: ${v.release.left})`);
      for (const e of v.release.ends) {
        t.not(e.exit, 'running', `${e.name} ${e.pid} ended: ${e.calls.join(', ')}`);
        t.notOk(existsSync(`/proc/${e.pid}`), `${e.name} ${e.pid} is gone now`);
      }
    });
  }
  const frames = ['filemap_fault', 'proc_pid_cmdline_read', 'vm_mmap_pgoff', '__access_remote_vm'];
  t.same(await stuckIn(frames), [], 'no task left in D on a page fault or mmap_lock');
});
