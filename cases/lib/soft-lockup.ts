// The watchdog's report of a CPU that has not scheduled for 2 * watchdog_thresh
// seconds (kernel/watchdog.c, watchdog_timer_fn): "BUG: soft lockup - CPU#1
// stuck for 22s! [comm:pid]", then the registers and the call trace of the
// task it interrupted, one kernel log record per line. The trace is taken on
// the stuck CPU itself, so it shows where the task spins; /proc/PID/stack of a
// running task cannot.
import type { KmsgRecord } from './kmsg.js';

/** One soft-lockup report. */
export interface SoftLockup {
  line: string;
  cpu: number;
  stuckS: number;
  comm: string;
  /** the task's pid (a tid) in the initial pid namespace */
  pid: number;
  /** the function RIP pointed into, when logged */
  rip?: string;
  /** call trace function names, innermost first; a kernel without a
   * reliable unwinder marks every frame '?', kept here with that mark */
  frames: string[];
}

const HEAD = /soft lockup - CPU#(\d+) stuck for (\d+)s! \[(.*):(\d+)\]/;
const FRAME = /^\s*(\? )?([A-Za-z_][\w.]*)\+0x[0-9a-f]+\/0x[0-9a-f]+/;
const RIP = /RIP: [0-9a-f]+:([A-Za-z_][\w.]*)\+0x/;

/** The soft-lockup reports in RECORDS, in order, each with the trace after it. */
export function softLockups(records: readonly KmsgRecord[]): SoftLockup[] {
  const out: SoftLockup[] = [];
  records.forEach((r, i) => {
    const m = HEAD.exec(r.text);
    if (!m) return;
    const s: SoftLockup = {
      line: r.text.trim(),
      cpu: Number(m[1]),
      stuckS: Number(m[2]),
      comm: m[3]!,
      pid: Number(m[4]),
      frames: [],
    };
    // the report ends at </TASK> or at the next report
    for (const next of records.slice(i + 1, i + 80)) {
      if (HEAD.test(next.text) || next.text.includes('</TASK>')) break;
      const rip = RIP.exec(next.text);
      if (rip && !s.rip) s.rip = rip[1];
      const f = FRAME.exec(next.text);
      if (f) s.frames.push(`${f[1] ? '?' : ''}${f[2]!}`);
    }
    out.push(s);
  });
  return out;
}

/** RCU stall reports ("rcu: INFO: rcu_sched self-detected stall on CPU"), as lines. */
export function rcuStalls(records: readonly KmsgRecord[]): string[] {
  return records.filter((r) => /rcu.*detected stall/.test(r.text)).map((r) => r.text.trim());
}
