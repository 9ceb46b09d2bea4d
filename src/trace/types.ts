// One JSON line per event. `ts` is CLOCK_MONOTONIC in seconds (process.hrtime),
// comparable across processes on one machine, so a case can line the trace
// up against what it read from /proc. u64 ids are decimal strings.
export type TraceEvent =
  | {
      ev: 'init';
      ts: number;
      kernelMajor: number;
      kernelMinor: number;
      minor: number;
      flags: string[];
      requestTimeout?: number;
    }
  | {
      ev: 'request';
      ts: number;
      unique: string;
      op: string;
      nodeid: string;
      path?: string;
      pid: number;
      /** true for a request the reader took off the kernel's queue before a stop took effect, handled only after it */
      beforeStop?: boolean;
    }
  | { ev: 'fault'; ts: number; unique: string; op: string; rule: number; action: string }
  | {
      ev: 'reply';
      ts: number;
      unique: string;
      op: string;
      /** 0 or a negative errno */
      error: number;
      errname?: string;
      /** 'ok' | 'errno' | 'interrupted' | 'released' | 'gone' (kernel had dropped it) */
      outcome: string;
      ms: number;
    }
  | {
      ev: 'interrupt';
      ts: number;
      unique: string;
      target: string;
      op?: string;
      known: boolean;
      policy: 'ignore' | 'honour' | 'eagain';
    }
  | { ev: 'stop'; ts: number; reason: string; unanswered: string[] }
  | {
      ev: 'hold';
      ts: number;
      /** a file the server keeps open on its own mount, and whether its fd is below the device's */
      path: string;
      fd: number;
      deviceFd: number;
      belowDevice: boolean;
    }
  | { ev: 'resume'; ts: number }
  | { ev: 'rules'; ts: number; change: string; rule?: number }
  | { ev: 'mount'; ts: number; mountpoint: string; conn: number }
  | { ev: 'unmount'; ts: number; reason: string }
  | { ev: 'error'; ts: number; message: string };

/** CLOCK_MONOTONIC now, in seconds. */
export function monotonic(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}
