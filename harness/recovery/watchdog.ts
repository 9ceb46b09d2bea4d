// The watchdog: a detached process (own session, stdio on a log file) that
// outlives the harness. It holds the read end of a pipe whose write end only
// the harness has: EOF without a "done" line first means the harness died
// (SIGKILL, crash), and then it recovers the run from the state directory and
// writes watchdog-report.json there. Polling /proc/PID covers a lost pipe.
// argv: state directory, harness pid, harness start time (stat field 22).
import { join } from 'node:path';
import { statOf } from './procfs.js';
import { recover } from './recover.js';
import { loadState, WATCHDOG_REPORT, writeJsonSync } from './state.js';

const POLL_MS = 500;

/** What the watchdog leaves behind when it had to act. */
export interface WatchdogReport {
  harnessPid: number;
  reason: string;
  at: string;
  report: Awaited<ReturnType<typeof recover>>;
}

function harnessAlive(pid: number, start: number): boolean {
  const st = statOf(pid);
  return st !== undefined && st.startTime === start && st.state !== 'Z';
}

async function main(): Promise<void> {
  const [dir, pidArg, startArg] = process.argv.slice(2);
  const pid = Number(pidArg);
  const start = Number(startArg);
  if (!dir || !Number.isInteger(pid) || !Number.isInteger(start))
    throw new Error('usage: watchdog DIR PID START');
  let input = '';
  const reason = await new Promise<string | undefined>((resolve) => {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => {
      input += d;
      if (input.split('\n').includes('done')) resolve(undefined);
    });
    process.stdin.on('end', () => resolve('harness pipe closed without "done"'));
    process.stdin.on('error', () => resolve('harness pipe failed'));
    const poll = setInterval(() => {
      if (!harnessAlive(pid, start)) resolve(`harness ${pid} is gone`);
    }, POLL_MS);
    poll.unref();
  });
  if (reason === undefined) return;
  process.stderr.write(`watchdog: ${reason}; recovering ${dir}\n`);
  const report = await recover(loadState(dir));
  const out: WatchdogReport = { harnessPid: pid, reason, at: new Date().toISOString(), report };
  writeJsonSync(join(dir, WATCHDOG_REPORT), out);
  process.stderr.write(`watchdog: ${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`watchdog: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
