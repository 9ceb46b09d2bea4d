// Real pid namespaces: the init is found with its pid inside (1) and outside,
// and a namespace whose init is reaping (zap_pid_ns_processes) can no longer
// be entered. A task in the namespace whose parent is outside (nsenter's
// child) is waited for by zap_pid_ns_processes until that parent reaps it,
// which a SIGSTOP of the parent delays: a way to hold init there without D.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { startInPidNs, shellInit } from '../../../harness/process/namespace.js';
import { enterable } from '../../../harness/process/enter.js';
import {
  childPids,
  nsPids,
  outerPid,
  pidNamespace,
  threadIds,
} from '../../../harness/process/pids.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await sleep(10)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

function kill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
}

t.test('init of a new pid namespace, its child, and their pids on both sides', async (t) => {
  const tracked: number[] = [];
  const ns = await startInPidNs({
    init: shellInit(['sleep', '600']),
    track: { trackPid: (p) => tracked.push(p) },
  });
  t.teardown(() => kill(ns.unsharePid, 'SIGKILL'));
  t.same(tracked, [ns.unsharePid, ns.initPid], 'both pids tracked');
  t.equal(nsPids(ns.initPid).at(-1), 1, 'init is pid 1 inside');
  t.not(ns.ns, pidNamespace(process.pid), 'a namespace of its own');
  await until('the child', () => ns.processes().length === 2);
  const [init, child] = ns.processes();
  t.equal(init?.pid, ns.initPid);
  t.same(child?.nspid.at(-1), 2, 'the command is pid 2, not init');
  t.equal(outerPid(ns.initPid, 2), child?.pid, 'inner pid 2 maps back to ours');
  t.same(child?.tids, threadIds(child!.pid));
  t.same(await enterable(ns.initPid), { enterable: true });
  kill(ns.initPid, 'SIGKILL');
  await ns.proc;
  t.same(childPids(ns.unsharePid), [], 'killing init ended the namespace');
});

t.test('--mount-proc gives the namespace its own /proc', async (t) => {
  const ns = await startInPidNs({
    init: ['sh', '-c', 'echo /proc/[0-9]*; exec sleep 600'],
    mountProc: true,
  });
  t.teardown(() => kill(ns.unsharePid, 'SIGKILL'));
  const line = await ns.stdout.next(() => true);
  t.equal(line.trim(), '/proc/1', 'only init (sh, echo is built in) is visible');
  kill(ns.initPid, 'SIGKILL');
  await ns.proc;
});

t.test('not enterable while init waits in zap_pid_ns_processes', async (t) => {
  const ns = await startInPidNs({ init: ['sleep', '600'] });
  t.teardown(() => kill(ns.unsharePid, 'SIGKILL'));
  const joiner = execa('nsenter', ['--target', String(ns.initPid), '--pid', '--', 'sleep', '600'], {
    reject: false,
  });
  t.teardown(() => kill(joiner.pid!, 'SIGKILL'));
  await until('the joined sleep', () => childPids(joiner.pid!).length === 1);
  const joined = childPids(joiner.pid!)[0]!;
  t.equal(pidNamespace(joined), ns.ns, 'nsenter forked into the namespace');
  kill(joiner.pid!, 'SIGSTOP'); // the joined task's parent cannot reap it now
  // once the stop has landed: woken by its child's death first, nsenter would reap it
  await until('nsenter to stop', () => /State:\s+T/.test(status(joiner.pid!)));
  kill(ns.initPid, 'SIGKILL');
  await until('the joined task to be a zombie', () => /State:\s+Z/.test(status(joined)));
  const e = await enterable(ns.initPid);
  t.equal(e.enterable, false, 'setns then fork fails');
  t.match(e.error ?? '', /fork|memory/i, 'nsenter says why');
  t.ok(nsPids(ns.initPid).length > 0, 'init is still there');
  kill(joiner.pid!, 'SIGCONT'); // nsenter reaps its child, init finishes
  await ns.proc;
  await joiner;
  t.same(nsPids(ns.initPid), [], 'init is gone once the last task was reaped');
});

function status(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}
