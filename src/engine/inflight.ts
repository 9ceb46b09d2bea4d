// Requests read and not yet answered, by unique. The kernel keeps the same set
// (fpq->processing) and matches our replies and its INTERRUPTs against it.
import type { AtLeast } from '../faults/at-least.js';
import type { InflightInfo } from '../control/types.js';
import type { Request } from '../proto/types.js';

/** Why a request is not answered yet. */
export type Held = InflightInfo['held'];

export interface Inflight {
  unique: bigint;
  op: string;
  path?: string;
  pid: number;
  nodeid: bigint;
  req: Request;
  /** process.hrtime.bigint() when it was read */
  t0: bigint;
  held: Held;
  /** the stall or delay rule holding it */
  ruleId?: number;
  timer?: AtLeast;
  /** an INTERRUPT asked for it (honoured ones are answered -EINTR) */
  interrupted?: boolean;
  /** served off the event loop (serve-async.ts): an INTERRUPT aborts it */
  cancel?: AbortController;
}

/** The in-flight table, in arrival order. */
export class InflightTable {
  private readonly map = new Map<bigint, Inflight>();

  add(e: Inflight): void {
    this.map.set(e.unique, e);
  }

  get(unique: bigint): Inflight | undefined {
    return this.map.get(unique);
  }

  /** Forgets UNIQUE and cancels its timer; returns the entry if it was there. */
  remove(unique: bigint): Inflight | undefined {
    const e = this.map.get(unique);
    if (!e) return undefined;
    e.timer?.cancel();
    this.map.delete(unique);
    return e;
  }

  /** Entries held by a stall or delay rule: RULE, or every rule when undefined. */
  heldBy(rule: number | undefined): Inflight[] {
    return [...this.map.values()].filter(
      (e) =>
        (e.held === 'stall' || e.held === 'delay') && (rule === undefined || e.ruleId === rule),
    );
  }

  all(): Inflight[] {
    return [...this.map.values()];
  }

  get size(): number {
    return this.map.size;
  }

  /** As the control socket shows them. */
  info(now = process.hrtime.bigint()): InflightInfo[] {
    return this.all().map((e) => {
      const i: InflightInfo = {
        unique: e.unique.toString(),
        op: e.op,
        pid: e.pid,
        held: e.held,
        ageMs: Number(now - e.t0) / 1e6,
      };
      if (e.path !== undefined) i.path = e.path;
      return i;
    });
  }
}

/**
 * Gives E's request its own copy of the bytes it points into (write data,
 * xattr values): the reader's buffer holds the next request once onRequest
 * returns, so a request answered later must not look at it.
 */
export function keepData(e: Inflight): void {
  const r = e.req;
  if (r.op === 'write') r.arg.data = Buffer.from(r.arg.data);
  else if (r.op === 'setxattr') r.arg.value = Buffer.from(r.arg.value);
}
