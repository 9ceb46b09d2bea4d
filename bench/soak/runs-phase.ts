// The recovery soak: `fusefault run netflix-flush-on-exit` signalled at a random
// moment of the case (SIGKILL: the watchdog must recover; SIGINT: the harness
// itself), then timed until clean: none of the run's FUSE mounts left, none of
// its tasks in D, its watchdog exited. One unsignalled run first gives the
// length of the case, over which the moments are drawn.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { statOf } from '../../harness/recovery/procfs.js';
import { exitAsExpected } from './classify.js';
import { killAll, liveProcesses, releaseMounts } from './leftovers.js';
import { itemRng } from './random.js';
import { RunWatch } from './run-watch.js';

const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const CASE = 'netflix-flush-on-exit';
const POLL_MS = 20;

/** One run and what became of it. */
export interface RunRecord {
  sent: 'SIGKILL' | 'SIGINT' | 'none';
  /** ms after the state line the signal was sent (or, when none was, the run took) */
  atMs: number;
  /** the run had ended before the signal could be sent */
  endedFirst: boolean;
  exitCode: number | null;
  signal: string | null;
  exitOk: boolean;
  clean: boolean;
  /** from the signal (or the run's end) to clean; undefined when not clean within the bound */
  secondsToClean?: number;
  /** at the bound (or once clean): processes as 'pid comm', alive 2 s after clean */
  left: { mounts: string[]; dTasks: string[]; watchdogAlive: boolean; processes: string[] };
  /** the watchdog's own verdict, from watchdog-report.json, after a SIGKILL */
  watchdogClean?: boolean;
  cleanedUp: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the case once, sending SIG AT ms after its state line; times the recovery up to BOUNDMS. */
export async function signalledRun(
  sig: 'SIGKILL' | 'SIGINT' | 'none',
  at: number,
  boundMs: number,
): Promise<RunRecord> {
  const env = { ...process.env };
  delete env.FUSEFAULT_CASES_DIR;
  const child = spawn(process.execPath, [CLI, 'run', CASE], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const start = statOf(child.pid ?? -1)?.startTime ?? -1;
  const w = new RunWatch({ pid: child.pid ?? -1, start });
  child.stdout.on('data', (d: Buffer) => (w.stdout += d.toString()));
  let ended: { code: number | null; signal: string | null } | undefined;
  const exited = new Promise<void>((res) =>
    child.on('close', (code, signal) => {
      ended = { code, signal };
      res();
    }),
  );
  while (!w.stateDir && !ended) {
    w.look();
    await sleep(POLL_MS);
  }
  const t0 = performance.now();
  while (!ended && (sig === 'none' || performance.now() - t0 < at)) {
    w.look();
    await sleep(POLL_MS);
  }
  w.look();
  const endedFirst = ended !== undefined && sig !== 'none';
  const sentAt = performance.now();
  if (!ended && sig !== 'none') child.kill(sig);
  const atMs = Math.round(sentAt - t0);
  // from the signal on, until clean or the bound
  let secondsToClean: number | undefined;
  let left = w.leftovers();
  while (performance.now() - sentAt < boundMs) {
    w.look();
    left = w.leftovers();
    if (ended && left.mounts.length === 0 && left.dTasks.length === 0 && !left.watchdogAlive) {
      secondsToClean = (performance.now() - sentAt) / 1000;
      break;
    }
    await sleep(POLL_MS);
  }
  await Promise.race([exited, sleep(5000)]);
  // processes the recovery is still killing get a moment to go before they count
  let processes = liveProcesses([...w.pids.values()]);
  for (let k = 0; k < 100 && processes.length > 0; k++) {
    await sleep(POLL_MS);
    processes = liveProcesses([...w.pids.values()]);
  }
  const record: RunRecord = {
    sent: sig,
    atMs,
    endedFirst,
    exitCode: ended?.code ?? null,
    signal: ended?.signal ?? null,
    exitOk:
      sig === 'none' || endedFirst
        ? ended?.code === 0
        : exitAsExpected({
            sent: sig,
            exitCode: ended?.code ?? null,
            signal: ended?.signal ?? null,
            bailedOut: /^Bail out! SIGINT/m.test(w.stdout),
          }),
    clean: secondsToClean !== undefined,
    ...(secondsToClean !== undefined && { secondsToClean }),
    left: {
      mounts: left.mounts.map((m) => m.mountpoint),
      dTasks: left.dTasks,
      watchdogAlive: left.watchdogAlive,
      processes: processes.map((p) => `${p} ${statOf(p)?.comm ?? '?'}`),
    },
    cleanedUp: [],
  };
  const report = w.stateDir && join(w.stateDir, 'watchdog-report.json');
  if (report && existsSync(report)) {
    try {
      const r = JSON.parse(readFileSync(report, 'utf8')) as { report: { clean: boolean } };
      record.watchdogClean = r.report.clean;
    } catch {
      // half written: the watchdog was still at it
    }
  }
  // whatever is left is the soak's to take away: mounts, then processes, then files
  record.cleanedUp.push(...(await releaseMounts(left.mounts)));
  killAll([...w.pids.values()].filter((p) => processes.includes(p.pid)));
  if (processes.length) record.cleanedUp.push(`killed ${processes.join(' ')}`);
  if (!ended) child.kill('SIGKILL');
  for (const d of [w.ownStateDir(), ...w.workdirs]) {
    if (d && existsSync(d)) {
      rmSync(d, { recursive: true, force: true });
      if (d !== w.ownStateDir() || sig !== 'SIGKILL') record.cleanedUp.push(`removed ${d}`);
    }
  }
  return record;
}

/** The moment of run I's signal: uniform over the first 90% of the case's length. */
export function signalMoment(seed: number, i: number, caseMs: number): number {
  return Math.round(itemRng(seed, 'runs', i).float() * 0.9 * caseMs);
}
