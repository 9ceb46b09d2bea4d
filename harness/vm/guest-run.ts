// Runs one guest to its end under host-side deadlines: qemu (or, in tests,
// any program that behaves like a guest) writes its console to stdout and
// its result frame to a file. A guest that never reaches init, never
// finishes, panics or dies is killed if needed and reported as such; this
// function never hangs and never throws for what the guest did.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { scanLine, Tail, type ConsoleState } from './console.js';
import { parseFrame } from './framing.js';

export type GuestStatus = 'ok' | 'timeout' | 'panic' | 'boot-failed' | 'no-result';

export interface GuestRunOptions {
  file: string;
  args: string[];
  /** the file the guest's result port writes to */
  resultFile: string;
  /** kill and report boot-failed when init has not started by then */
  bootTimeoutMs: number;
  /** kill and report timeout when the guest is still running by then */
  timeoutMs: number;
  onLine?: (line: string) => void;
}

export interface GuestRun {
  status: GuestStatus;
  reason: string;
  /** crashed or hung before its init ran: worth booting again */
  bootCrash: boolean;
  payload?: Buffer;
  console: ConsoleState;
  tail: string[];
  wallMs: number;
  initMs?: number;
}

// FILE itself when it has a slash, else the first match on PATH; undefined
// when it cannot be executed (spawn then reports the error as for any program).
function findExecutable(file: string): string | undefined {
  const dirs = file.includes('/') ? [''] : (process.env.PATH ?? '').split(':');
  for (const d of dirs) {
    const p = d ? path.join(d, file) : file;
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

// Boots the guest and waits for it to power off, crash or run out of time.
export function runGuest(o: GuestRunOptions): Promise<GuestRun> {
  const t0 = Date.now();
  fs.rmSync(o.resultFile, { force: true });
  let state: ConsoleState = { initReached: false };
  let initMs: number | undefined;
  let killedFor: 'boot' | 'deadline' | undefined;
  const tail = new Tail(60);
  // setpriv --pdeathsig: the guest gets SIGKILL when we die in any way (a
  // SIGTERM or SIGKILL of `matrix` left qemu running as an orphan before); it
  // is in a process group of its own, so no signal to ours would reach it
  const exe = findExecutable(o.file);
  const argv = exe ? ['--pdeathsig', 'KILL', '--', exe, ...o.args] : [];
  const child = spawn(exe ? 'setpriv' : o.file, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const kill = (why: 'boot' | 'deadline') => {
    killedFor ??= why;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const onData = (chunk: Buffer) => {
    for (const line of tail.push(chunk.toString('utf8'))) {
      const before = state.initReached;
      state = scanLine(state, line);
      if (!before && state.initReached) initMs = Date.now() - t0;
      o.onLine?.(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const bootTimer = setTimeout(() => state.initReached || kill('boot'), o.bootTimeoutMs);
  const deadline = setTimeout(() => kill('deadline'), o.timeoutMs);
  return new Promise((resolve) => {
    const finish = (exit: string) => {
      clearTimeout(bootTimer);
      clearTimeout(deadline);
      const frame = fs.existsSync(o.resultFile)
        ? parseFrame(fs.readFileSync(o.resultFile, 'utf8'))
        : ({ ok: false, reason: 'no frame' } as const);
      const base = { console: state, tail: tail.last(), wallMs: Date.now() - t0, initMs };
      resolve({ ...base, ...classify(state, frame, killedFor, exit, o) });
    };
    child.on('error', (err) => finish(`could not start ${o.file}: ${err.message}`));
    child.on('close', (code, signal) => finish(signal ? `killed by ${signal}` : `exit ${code}`));
  });
}

type Verdict = Pick<GuestRun, 'status' | 'reason' | 'bootCrash' | 'payload'>;

// What the end of a guest means, from its console, its frame and how it ended.
export function classify(
  state: ConsoleState,
  frame: ReturnType<typeof parseFrame>,
  killedFor: 'boot' | 'deadline' | undefined,
  exit: string,
  o: Pick<GuestRunOptions, 'bootTimeoutMs' | 'timeoutMs'>,
): Verdict {
  const crash = state.crash;
  if (frame.ok) return { status: 'ok', reason: exit, bootCrash: false, payload: frame.payload };
  if (crash) {
    const when = crash.beforeInit ? 'at boot' : 'while running';
    return { status: 'panic', reason: `${when}: ${crash.line}`, bootCrash: crash.beforeInit };
  }
  if (killedFor === 'boot') {
    const s = Math.round(o.bootTimeoutMs / 1000);
    return { status: 'boot-failed', reason: `init did not start within ${s} s`, bootCrash: true };
  }
  if (killedFor === 'deadline') {
    const s = Math.round(o.timeoutMs / 1000);
    return {
      status: 'timeout',
      reason: `guest still running after ${s} s, killed`,
      bootCrash: false,
    };
  }
  if (!state.initReached) {
    return { status: 'boot-failed', reason: `guest ended before init (${exit})`, bootCrash: true };
  }
  if (state.runExit === undefined) {
    return { status: 'panic', reason: `guest died while running (${exit})`, bootCrash: false };
  }
  return {
    status: 'no-result',
    reason: `fusefault run exited ${state.runExit}, result: ${frame.reason}`,
    bootCrash: false,
  };
}
