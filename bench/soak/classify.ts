// Verdicts on what the soak observed, as pure functions checked by tables in
// test/bench/soak/classify.test.ts: a CLI invocation against the class its
// generator expected, a control connection against the replies owed, and the
// exit of a run that was sent a signal.
import type { ConnResult } from './control-client.js';

/** What a generated argv must do: usage error (exit 2, one stderr line), succeed, or either of 0/1. */
export type Expect = 'usage' | 'ok' | 'ok-or-fail';

/** How one CLI invocation ended. */
export interface CliOutcome {
  exitCode: number | null;
  signal: string | null;
  stderr: string;
  timedOut: boolean;
  /** FUSE mounts below the soak's directories after it ended */
  mounted: number;
}

/** ok, or why not. */
export type Verdict = { kind: 'ok' } | { kind: 'wrong' | 'crash' | 'hang'; why: string };

// a V8 stack frame: "    at fn (file.js:12:5)" or "    at file.js:12:5"
const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m;

const stderrLines = (s: string) => s.split('\n').filter((l) => l !== '').length;

/** The verdict on one CLI invocation that was expected to EXPECT. */
export function cliVerdict(expect: Expect, o: CliOutcome): Verdict {
  if (o.timedOut) return { kind: 'hang', why: 'timed out' };
  if (o.signal) return { kind: 'crash', why: `killed by ${o.signal}` };
  if (o.exitCode === null || ![0, 1, 2].includes(o.exitCode))
    return { kind: 'crash', why: `exit ${o.exitCode}` };
  if (STACK_FRAME.test(o.stderr)) return { kind: 'crash', why: 'stack trace on stderr' };
  if (o.mounted > 0) return { kind: 'wrong', why: `${o.mounted} mount(s) left` };
  const lines = stderrLines(o.stderr);
  switch (expect) {
    case 'usage':
      if (o.exitCode !== 2) return { kind: 'wrong', why: `exit ${o.exitCode}, not 2` };
      return lines === 1 ? { kind: 'ok' } : { kind: 'wrong', why: `${lines} stderr lines, not 1` };
    case 'ok':
      return o.exitCode === 0
        ? { kind: 'ok' }
        : { kind: 'wrong', why: `exit ${o.exitCode}, not 0` };
    case 'ok-or-fail':
      if (o.exitCode === 0) return { kind: 'ok' };
      if (o.exitCode === 1 && lines === 1) return { kind: 'ok' };
      return { kind: 'wrong', why: `exit ${o.exitCode} with ${lines} stderr lines` };
  }
}

/** The verdict on one control connection: every non-blank line got exactly one well-formed reply. */
export function connVerdict(
  end: 'close' | 'half-close' | 'abrupt',
  owed: { replies: number; overflow: boolean },
  r: ConnResult,
): 'ok' | 'wrong' | 'hang' {
  // a close right after writing owes us nothing: only the server's survival counts
  if (end === 'abrupt') return 'ok';
  if (r.malformed > 0) return 'wrong';
  if (r.replies > owed.replies) return 'wrong';
  if (r.replies < owed.replies) return r.timedOut ? 'hang' : 'wrong';
  if (owed.overflow || end === 'half-close') {
    // the server must end the connection: after an overlong line, or after ours ended
    if (r.serverClosed) return 'ok';
    return r.timedOut ? 'hang' : 'wrong';
  }
  return 'ok';
}

/** How a signalled run of `fusefault run` ended. */
export interface RunExit {
  sent: 'SIGKILL' | 'SIGINT';
  exitCode: number | null;
  signal: string | null;
  /** stdout has the "Bail out! SIGINT: ..." line */
  bailedOut: boolean;
}

/** Whether the exit is the one the signal calls for: death by SIGKILL; for SIGINT, exit
 * 130 after "Bail out!", or death by SIGINT when it came after the run had recovered
 * and removed its handlers. */
export function exitAsExpected(e: RunExit): boolean {
  if (e.sent === 'SIGKILL') return e.signal === 'SIGKILL';
  return (e.exitCode === 130 && e.bailedOut) || e.signal === 'SIGINT';
}
