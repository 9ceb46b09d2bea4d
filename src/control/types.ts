// The control socket speaks JSON lines: one request object per line, one reply
// object per line ({ok:true,...} or {ok:false,error:"one line"}). `events`
// replies {ok:true} and then streams {event: TraceEvent} lines until the client
// disconnects. Requests: add {spec}, list, remove {rule}, clear, release {rule?},
// stop, resume, status, events, open {path, flags: 'r'|'w'|'rw', create?: true}.
import type { FaultSet } from '../faults/rules.js';
import type { TraceEvent } from '../trace/types.js';
import type { HoldFlags } from './protocol.js';

export interface InflightInfo {
  unique: string;
  op: string;
  path?: string;
  pid: number;
  /** why it is not answered yet: held by a stall rule, delayed, or still being served */
  held: 'stall' | 'delay' | 'stopped' | 'serving';
  ageMs: number;
}

export interface ServerStatus {
  backend: 'raw' | 'fuse-native';
  mountpoint: string;
  conn: number;
  pid: number;
  stopped: boolean;
  inflight: InflightInfo[];
  /** requests seen per opcode name */
  counts: Record<string, number>;
}

/** What the control server drives; each backend implements it. */
export interface ControlTarget {
  readonly faults: FaultSet;
  /** stop reading /dev/fuse; resolves once nothing more can be read. Throws UsageError if unsupported. */
  stop(reason: string): Promise<void>;
  resume(): void;
  status(): ServerStatus;
  /** every trace event from now on, until the returned function is called */
  subscribe(listener: (ev: TraceEvent) => void): () => void;
  /**
   * open a file on our own mount and keep the fd open until exit; returns the
   * fd. Never follows a symlink; creates the file only when CREATE is set.
   */
  holdOpen(path: string, flags: HoldFlags, opts?: { create?: boolean }): Promise<number>;
}
