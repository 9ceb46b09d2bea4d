// Faults are data (rules) plus one decision function the engine consults for
// every request; the engine carries the decision out (it alone can hold a
// reply back, stop reading the device, or ignore an INTERRUPT).
import type { RequestAction } from './actions.js';

/** What the engine knows of a request when it asks for a decision. */
export interface RequestInfo {
  /** lower-case kernel opcode name without the FUSE_ prefix: 'flush', 'getattr', ... */
  op: string;
  /** path inside the mount ('/data/x'), when the node is known */
  path?: string;
  pid: number;
  unique: bigint;
  nodeid: bigint;
}

/** A rule's action: one of the request actions (actions.ts), or an interrupt policy. */
export type Action = RequestAction | { kind: 'interrupts'; policy: InterruptPolicy };

export type InterruptPolicy = { kind: 'ignore' } | { kind: 'honour'; delayMs: number };

export interface Limit {
  /** only the first N matches */
  first?: number;
  /** every Nth match (N, 2N, ...) */
  every?: number;
  /** with probability p, from a seeded generator so runs repeat */
  p?: number;
  seed?: number;
}

export interface Rule {
  id: number;
  /** the spec string it was parsed from, for listing */
  spec: string;
  /** operation names; ['all'] matches every operation */
  ops: string[];
  /** glob on the request's path ('/data/*'); undefined matches every path */
  glob?: string;
  action: Action;
  limit: Limit;
  /** how many requests matched so far (after the limit) */
  hits: number;
}

/** The engine's instruction for one request: pass, or the deciding rule's action. */
export type Decision = { kind: 'pass' } | (RequestAction & { ruleId: number });
