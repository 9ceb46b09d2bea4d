// Every fuse-native callback passes through here: counted, traced, put to the
// fault rules, then answered now, later (delay), never until released (stall),
// or with an errno. libfuse's high-level API hides the kernel's unique ids and
// the caller's pid from fuse-native, so `unique` is our own counter (traced as
// such) and pid is 0.
import { FsError } from '../../errors.js';
import { AtLeast } from '../../faults/at-least.js';
import { actionText, assertNever } from '../../faults/actions.js';
import { errnoName } from '../../faults/errno.js';
import type { FaultSet } from '../../faults/rules.js';
import type { Decision } from '../../faults/types.js';
import type { InflightInfo } from '../../control/types.js';
import type { Trace } from '../../trace/trace.js';
import { monotonic } from '../../trace/types.js';
import { E } from '../../fs/errno.js';

/** Sends the answer: 0 and the result, or a negative errno. */
export type Answer<R> = (error: number, result?: R) => void;

interface Held {
  unique: bigint;
  op: string;
  path: string;
  held: InflightInfo['held'];
  ruleId?: number;
  t0: bigint;
  timer?: AtLeast;
  run: (outcome: string) => void;
}

/** Fault decisions and bookkeeping for one fuse-native mount. */
export class Gate {
  private next = 0n;
  private readonly held = new Map<bigint, Held>();
  readonly counts: Record<string, number> = {};
  private draining = false;
  private readonly onRelease = (rule: number | undefined) => this.release(rule);

  constructor(
    private readonly faults: FaultSet,
    private readonly trace: Trace,
  ) {
    faults.on('release', this.onRelease);
  }

  /** Stops listening to the fault set (after close). */
  dispose(): void {
    this.faults.off('release', this.onRelease);
  }

  /** Runs `work` for OP on PATH under the fault rules and answers through `answer`. */
  run<R>(op: string, path: string, nodeid: bigint, work: () => R, answer: Answer<R>): void {
    const unique = ++this.next;
    this.counts[op] = (this.counts[op] ?? 0) + 1;
    const t0 = process.hrtime.bigint();
    if (this.trace.active) {
      const ts = monotonic();
      const u = unique.toString();
      this.trace.emit({
        ev: 'request',
        ts,
        unique: u,
        op,
        nodeid: nodeid.toString(),
        path,
        pid: 0,
      });
    }
    const finish = (outcome: string) => {
      this.held.delete(unique);
      let error = 0;
      let result: R | undefined;
      try {
        result = work();
      } catch (e) {
        error = -(e instanceof FsError ? e.errno : E.EIO);
        if (!(e instanceof FsError)) this.traceError(`${op} ${path}: ${(e as Error).message}`);
      }
      answer(error, result);
      this.traceReply(unique, op, error, error ? 'errno' : outcome, t0);
    };
    const d = this.draining
      ? ({ kind: 'pass' } as const)
      : this.faults.decide({ op, path, pid: 0, unique, nodeid });
    if (d.kind === 'pass') return finish('ok');
    this.traceFault(unique, op, d);
    switch (d.kind) {
      case 'errno':
        answer(-d.errno);
        return this.traceReply(unique, op, -d.errno, 'errno', t0);
      case 'stall':
      case 'delay': {
        const h: Held = { unique, op, path, held: d.kind, t0, run: finish, ruleId: d.ruleId };
        this.held.set(unique, h);
        if (d.kind === 'delay') h.timer = new AtLeast(d.ms, () => finish('ok'));
        return;
      }
      case 'stop':
        // vetoRule refuses such rules before they exist (ACTIONS.stop.fuseNativeCannot)
        throw new Error(`a stop rule reached the fuse-native backend (rule ${d.ruleId})`);
      default:
        return assertNever(d);
    }
  }

  /** Answers, normally, what rule RULE (every rule when undefined) holds back. */
  release(rule: number | undefined): void {
    for (const h of [...this.held.values()]) {
      if (rule !== undefined && h.ruleId !== rule) continue;
      h.timer?.cancel();
      h.run('released');
    }
  }

  /** For close: no more faults; everything held is answered now. */
  drain(): void {
    this.draining = true;
    this.release(undefined);
  }

  inflight(): InflightInfo[] {
    const now = process.hrtime.bigint();
    return [...this.held.values()].map((h) => ({
      unique: h.unique.toString(),
      op: h.op,
      path: h.path,
      pid: 0,
      held: h.held,
      ageMs: Number(now - h.t0) / 1e6,
    }));
  }

  traceError(message: string): void {
    this.trace.emit({ ev: 'error', ts: monotonic(), message });
  }

  private traceFault(unique: bigint, op: string, d: Exclude<Decision, { kind: 'pass' }>): void {
    const action = actionText(d);
    this.trace.emit({
      ev: 'fault',
      ts: monotonic(),
      unique: unique.toString(),
      op,
      rule: d.ruleId,
      action,
    });
  }

  private traceReply(unique: bigint, op: string, error: number, outcome: string, t0: bigint): void {
    if (!this.trace.active) return;
    const ev = {
      ev: 'reply' as const,
      ts: monotonic(),
      unique: unique.toString(),
      op,
      error,
      outcome,
      ms: Number(process.hrtime.bigint() - t0) / 1e6,
    };
    this.trace.emit(error ? { ...ev, errname: errnoName(-error) } : ev);
  }
}
