// userfaultfd-unserved run for real: each variant's verdict must follow from
// the fault threads' states, stacks and returns it attached, the outcome from
// the verdicts, and nothing may be left asleep in handle_userfault.
import { readFile } from 'node:fs/promises';
import t, { type Test } from 'tap';
import { scanTasks } from '../../harness/proc/stuck.js';
import { readTask } from '../../harness/proc/task.js';
import { hasExited } from '../../harness/wait.js';
import uffdCase, { outcomeOf, verdictOf } from '../../cases/userfaultfd-unserved.js';
import type { FaultSeen } from '../../cases/lib/uffd-faults.js';
import { checkCommon, runCase } from './run-case.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KINDS = ['user', 'copy', 'gup'];
// what each fault's first byte is: the server's page (0x5a), the pipe's data
// written over the page (0x70, 'p'), or a fresh anonymous page (0)
const SERVED = { user: 0x5a, copy: 0x70, gup: 0x5a };
const ZERO = { user: 0, copy: 0x70, gup: 0 };

t.test("the outcome from the variants' verdicts", async (t) => {
  const ok = { served: 'served', adopted: 'stuck', referenced: 'stuck' };
  const table: [Record<string, string>, boolean, string][] = [
    [{ ...ok, 'handed-over': 'woken' }, true, 'stuck-while-referenced'],
    [{ ...ok, 'handed-over': 'stuck' }, true, 'stuck-always'],
    [{ ...ok, 'handed-over': 'woken' }, false, 'undecided'],
    [{ ...ok, served: 'stuck', 'handed-over': 'woken' }, true, 'undecided'],
    [{ ...ok, adopted: 'woken', 'handed-over': 'woken' }, true, 'undecided'],
    [
      { served: 'served', adopted: 'woken', referenced: 'woken', 'handed-over': 'woken' },
      true,
      'never-stuck',
    ],
    [
      { served: 'served', adopted: 'woken', referenced: 'woken', 'handed-over': 'stuck' },
      true,
      'undecided',
    ],
  ];
  for (const [v, freed, want] of table) {
    const got = outcomeOf(v, freed);
    t.equal(got, want, `${JSON.stringify(v)} freed=${freed}`);
    t.ok(uffdCase.outcomes.includes(got), `${got} is declared`);
  }
});

t.test("each variant's verdict from its faults", async (t) => {
  const all = (status: string, ...but: [string, string][]): FaultSeen[] =>
    KINDS.map((kind) => ({ kind, status: but.find(([k]) => k === kind)?.[1] ?? status }));
  const asleep = all('blocked-S', ['gup', 'blocked-D']);
  const table: [string, Parameters<typeof verdictOf>, string][] = [
    ['served', ['served', all('returned'), []], 'served'],
    ['served, one undecided', ['served', all('returned', ['copy', 'undecided']), []], 'undecided'],
    ['served, nothing seen', ['served', [], []], 'undecided'],
    ['referenced, as on 6.18', ['referenced', asleep, asleep], 'stuck'],
    ['handed-over, as on 6.18', ['handed-over', asleep, all('returned')], 'woken'],
    // a client that exited was not shown to be woken
    ['the client exited', ['handed-over', asleep, all('exited')], 'undecided'],
    ['one exited', ['handed-over', asleep, all('returned', ['user', 'exited'])], 'undecided'],
    ['one undecided', ['referenced', asleep, all('blocked-S', ['gup', 'undecided'])], 'undecided'],
    // nothing blocked before the server died: nothing to wake
    ['never blocked', ['referenced', all('returned'), all('returned')], 'undecided'],
    ['nothing seen', ['referenced', [], []], 'undecided'],
    ['a kind missing', ['referenced', asleep.slice(1), asleep.slice(1)], 'undecided'],
    ['no look after', ['adopted', asleep, []], 'undecided'],
  ];
  for (const [name, args, want] of table) t.equal(verdictOf(...args), want, name);
});

/** Every task in D on the machine with handle_userfault on its stack, as "pid/tid". */
async function stuckInUserfault(): Promise<string[]> {
  const out: string[] = [];
  for (const [pid, tid] of await scanTasks(['D'])) {
    if ((await readTask(pid, tid))?.stack?.includes('handle_userfault')) out.push(`${pid}/${tid}`);
  }
  return out;
}

/** Whether PID is still a live uffd-fault client (not a later process that got its pid). */
async function clientAlive(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes('uffd-fault') && !(await hasExited(pid));
}

/** Each fault asleep in handle_userfault, in the state its status names. */
function checkAsleep(t: Test, faults: Json[], when: string) {
  t.same(faults.map((f) => f.kind).sort(), [...KINDS].sort(), `${when}: every fault kind seen`);
  for (const f of faults) {
    t.match(f.status, /^blocked-[DS]$/, `${when}: ${f.kind} asleep (${f.status})`);
    t.equal(f.task?.state, f.status.slice(-1), `${when}: ${f.kind} state as /proc showed it`);
    t.equal(
      f.task?.stack?.[0],
      'handle_userfault',
      `${when}: ${f.kind} sleeps in handle_userfault`,
    );
  }
}

/** Each fault returned, with the bytes EXPECTED says. */
function checkReturned(t: Test, faults: Json[], expected: Record<string, number>) {
  for (const f of faults) {
    t.equal(f.status, 'returned', `${f.kind} returned`);
    t.equal(f.result, 4096, `${f.kind} read the whole page`);
    t.equal(f.value, expected[f.kind], `${f.kind} saw 0x${f.value?.toString(16)}`);
  }
}

t.test('userfaultfd-unserved', async (t) => {
  const { result } = await runCase('userfaultfd-unserved', 90_000);
  await checkCommon(t, 'userfaultfd-unserved', result);
  if (result.outcome === 'not-applicable') {
    t.match(result.summary, /python3|userfaultfd/, 'not applicable only for want of either');
    return;
  }
  const runs: Record<string, Json> = Object.fromEntries(
    (result.evidence.runs as Json[]).map((r) => [r.variant, r]),
  );
  const names = ['served', 'referenced', 'adopted', 'handed-over'];
  t.same(Object.keys(runs).sort(), [...names].sort(), 'all four variants ran');
  const [served, referenced, adopted, handedOver] = names.map((n) => runs[n] as Json) as [
    Json,
    Json,
    Json,
    Json,
  ];

  t.test('served: the control', async (t) => {
    t.equal(served.verdict, 'served');
    checkReturned(t, served.before, SERVED);
    t.equal(served.exit, 0, 'the client exited by itself');
  });

  for (const v of [referenced, adopted, handedOver]) {
    t.test(`${v.variant}: ${v.verdict}`, async (t) => {
      checkAsleep(t, v.before, 'before the server died');
      // nobody had read them: still on fault_pending_wqh
      t.same(
        [v.fdinfoBefore?.pending, v.fdinfoBefore?.total],
        [KINDS.length, KINDS.length],
        'the server fd shows every fault pending',
      );
      const gup = v.before.find((f: Json) => f.kind === 'gup');
      // get_user_pages faults with FAULT_FLAG_KILLABLE and no INTERRUPTIBLE
      t.equal(gup.status, 'blocked-D', 'the get_user_pages fault sleeps in D');
      t.ok(
        gup.task.stack.some((f: string) => f.startsWith('process_vm_rw')),
        'reached through process_vm_readv',
      );
      if (v.verdict === 'stuck') {
        checkAsleep(t, v.after, 'after the server died');
        t.same(v.ranWhileStuck, [], 'no fault thread ran at all: nobody woke them');
        t.same(
          [v.fdinfoAfter?.pending, v.fdinfoAfter?.total],
          [KINDS.length, KINDS.length],
          "the faulting process's own uffd still holds them",
        );
        t.ok(v.ended.at(-1)?.freed, `freed: ${v.ended.map((e: Json) => e.how).join(', ')}`);
      }
      if (v.verdict === 'woken') {
        t.equal(v.fdinfoAfter, null, 'no uffd left once the last reference went');
        t.same(v.ended, [], 'nothing had to be done');
        for (const f of v.after as Json[])
          t.ok(
            f.status === 'returned' && f.kind in v.resolvedAfterS,
            `${f.kind} returned after the server died: ${f.status}`,
          );
      }
    });
  }

  t.test('how each ended', async (t) => {
    if (referenced.verdict === 'stuck') {
      t.equal(referenced.ended.at(-1).how, 'SIGKILL to the faulting process');
      t.equal(referenced.exit, 'SIGKILL', 'the faulting process died by it');
    }
    if (adopted.verdict === 'stuck' && adopted.ended[0].freed) {
      t.match(adopted.ended[0].how, /^pidfd_getfd/, 'a new server adopted the uffd');
      checkReturned(t, adopted.final, SERVED);
      t.equal(adopted.exit, 0, 'and the client finished by itself');
    }
    if (handedOver.verdict === 'woken') {
      // userfaultfd_release unregistered the range: the retry faults a plain
      // anonymous vma (a kernel that sent SIGBUS instead shows 'exited': undecided)
      checkReturned(t, handedOver.after, ZERO);
      t.equal(handedOver.exit, 0, 'the client finished');
    }
  });

  const v = result.evidence.verdicts as Json;
  const freed = Object.values(runs).every(
    (r: Json) => r.ended.length === 0 || r.ended.at(-1).freed,
  );
  t.equal(result.outcome, outcomeOf(v, freed), `the outcome follows from ${JSON.stringify(v)}`);
  for (const r of Object.values(runs)) {
    t.notOk(await clientAlive(r.pid), `${r.variant}: faulting process ${r.pid} is gone`);
    t.notOk(await clientAlive(r.serverPid), `${r.variant}: server ${r.serverPid} is gone`);
  }
  t.same(await stuckInUserfault(), [], 'no task left in D in handle_userfault');
});
