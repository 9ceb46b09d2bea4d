// One run of an io_uring init: a new pid namespace whose init first makes a
// mount namespace of its own (so only the namespace's tasks hold it, not
// unshare outside), then runs a client that keeps io_uring busy: 'node' is
// the incident's program (Node with UV_USE_IO_URING=1: libuv submits through
// an SQPOLL thread), 'direct' submits from init's own thread (iou-direct).
// It exits, or is SIGKILLed, with the work in flight. Returns what init
// reported and how its death went (ended, or a thread spinning).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { clientCommand } from '../../harness/clients/index.js';
import { parseReport } from '../../harness/clients/report.js';
import { startInPidNs } from '../../harness/process/namespace.js';
import type { CaseContext } from '../../harness/runner/types.js';
import { watchInitDeath, type InitFate } from './iou-spin.js';
import { sendSignal } from '../../harness/process/signal.js';

/** How init's main thread is made to exit: process.exit, SIGKILL from outside, process.abort. */
export type Trigger = 'exit' | 'kill' | 'abort';

/** Which io_uring init: Node through libuv, or raw syscalls from init's own thread. */
export type InitClient = 'node' | 'direct';

/** What one run showed. */
export interface InitRun {
  client: InitClient;
  trigger: Trigger;
  initPid: number;
  /** 'pid:[...]' of the namespace */
  ns: string;
  /** the init used io_uring: a ring fd or an iou- thread in it */
  uring: boolean;
  /** init's report when ready: its threads, ring fds, children (pids inside) */
  ready: Record<string, unknown>;
  /** init's threads right before process.exit (trigger exit) */
  threadsAtExit?: unknown;
  fate: InitFate;
}

/** Why io_uring is off in this kernel, when it says so; undefined otherwise. */
export function ioUringDisabled(): string | undefined {
  try {
    // Linux 6.6+: 1 = unprivileged only, 2 = nobody
    const v = readFileSync('/proc/sys/kernel/io_uring_disabled', 'utf8').trim();
    if (v !== '0') return `kernel.io_uring_disabled=${v}`;
  } catch {
    /* older kernel: no such sysctl */
  }
  try {
    if (!readFileSync('/proc/kallsyms', 'utf8').includes('io_uring_setup')) {
      return 'kernel built without io_uring';
    }
  } catch {
    /* no kallsyms: cannot tell */
  }
  return undefined;
}

// The init's argv: pinned to the last CPU, so a spin leaves CPU 0 (the one
// reboot and poweroff migrate to) to the guest, and its sleepers are not
// (pinned to the spinning CPU they could never run to exit); unshare --mount
// in pid 1, then exec, so init holds the mount namespace and unshare outside
// does not.
function initArgv(client: InitClient, trigger: Trigger): string[] {
  const cpus = availableParallelism();
  const pin = cpus > 1 ? ['taskset', (1 << (cpus - 1)).toString(16)] : [];
  const all = ((1 << cpus) - 1).toString(16);
  const exitAfter = trigger === 'kill' ? '0' : '800';
  const common = ['--children', '2', '--children-cpus', all, '--exit-after', exitAfter];
  if (client === 'direct') {
    const [py, args] = clientCommand('iou-direct', [...common, '--chains', '64']);
    return [...pin, 'unshare', '--mount', '--', py, ...args];
  }
  const [node, args] = clientCommand('iou-init', [
    ...[...common, '--inflight', '32', '--exit-by', trigger],
  ]);
  const env = ['sh', '-c', 'UV_USE_IO_URING=1 exec "$0" "$@"'];
  return [...pin, 'unshare', '--mount', '--', ...env, node, ...args];
}

/** Starts the namespace, waits until init is busy with io_uring, triggers its exit, watches. */
export async function runInit(
  ctx: CaseContext,
  { client, trigger, scale }: { client: InitClient; trigger: Trigger; scale: number },
): Promise<InitRun> {
  const ns = await startInPidNs({ init: initArgv(client, trigger), track: ctx });
  const line = await ns.stdout.next((l) => parseReport(l)?.step === 'ready', 30_000 * scale);
  const ready = parseReport(line)?.detail ?? {};
  const threads = Array.isArray(ready.threads) ? (ready.threads as string[]) : [];
  const uring = Number(ready.uringFds) > 0 || threads.some((t) => t.includes(':iou-'));
  const base = { client, trigger, initPid: ns.initPid, ns: ns.ns, uring, ready };
  if (!uring) {
    sendSignal(ctx, ns.initPid, 'SIGKILL');
    const fate = await watchInitDeath(ns.initPid, {
      timeoutMs: 10_000 * scale,
      signal: ctx.signal,
    });
    return { ...base, fate };
  }
  let threadsAtExit: unknown;
  if (trigger === 'kill') sendSignal(ctx, ns.initPid, 'SIGKILL');
  else {
    const exit = await ns.stdout.next((l) => parseReport(l)?.step === 'exit', 10_000 * scale);
    threadsAtExit = parseReport(exit)?.detail?.threads;
  }
  const fate = await watchInitDeath(ns.initPid, { timeoutMs: 15_000 * scale, signal: ctx.signal });
  return { ...base, threadsAtExit, fate };
}
