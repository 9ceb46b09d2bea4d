// The fault spec fuzz: COUNT specs of the seed's stream, checked in a child
// process; an input that gets no verdict within HANG_MS is a hang, one that
// takes the child down is a crash, and the next child starts after it.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { specInput, type SpecVerdict } from './spec-check.js';

const CHILD = fileURLToPath(new URL('./spec-child.js', import.meta.url));
const HANG_MS = 3000;

/** Totals of the spec fuzz, with the inputs that went wrong. */
export interface SpecPhase {
  tried: number;
  accepted: number;
  rejected: number;
  wrong: number;
  crashes: number;
  hangs: number;
  bad: { i: number; kind: string; spec?: string; detail?: string }[];
}

type Report = SpecVerdict & { i: number; spec?: string };

// Runs specs from..to-1 in one child; resolves with the index after the last one
// it saw, and why it stopped early (hang, death) if it did.
function runChild(
  seed: number,
  from: number,
  to: number,
  deadline: number,
  onReport: (r: Report) => void,
): Promise<{ next: number; stop?: 'hang' | 'crash' | 'time' }> {
  return new Promise((resolve) => {
    const child = fork(CHILD, [String(seed), String(from), String(to)], { stdio: 'ignore' });
    let next = from;
    let stop: 'hang' | 'crash' | 'time' | undefined;
    let timer = setTimeout(() => halt('hang'), HANG_MS);
    const halt = (why: 'hang' | 'time') => {
      stop ??= why;
      child.kill('SIGKILL');
    };
    child.on('message', (r: Report) => {
      next = r.i + 1;
      onReport(r);
      clearTimeout(timer);
      timer = setTimeout(() => halt('hang'), HANG_MS);
      if (Date.now() > deadline) halt('time');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (stop === undefined && next < to) stop = 'crash';
      if (stop === undefined && (code !== 0 || signal)) stop = 'crash';
      resolve({ next, ...(stop ? { stop } : {}) });
    });
  });
}

/** Runs COUNT specs of SEED's stream, stopping early at DEADLINE (ms since the epoch). */
export async function specPhase(seed: number, count: number, deadline: number): Promise<SpecPhase> {
  const p: SpecPhase = {
    tried: 0,
    accepted: 0,
    rejected: 0,
    wrong: 0,
    crashes: 0,
    hangs: 0,
    bad: [],
  };
  const onReport = (r: Report) => {
    p.tried++;
    if (r.kind === 'accepted') p.accepted++;
    else if (r.kind === 'rejected') p.rejected++;
    else {
      if (r.kind === 'wrong') p.wrong++;
      else p.crashes++;
      p.bad.push({
        i: r.i,
        kind: r.kind,
        ...(r.spec !== undefined && { spec: r.spec }),
        ...(r.detail !== undefined && { detail: r.detail }),
      });
    }
  };
  let from = 0;
  while (from < count && Date.now() < deadline) {
    const { next, stop } = await runChild(seed, from, count, deadline, onReport);
    if (stop === 'time') break;
    from = next;
    if (stop === 'hang' || stop === 'crash') {
      // the input after the last verdict is the one that hung or killed the child
      p.tried++;
      if (stop === 'hang') p.hangs++;
      else p.crashes++;
      p.bad.push({ i: from, kind: stop, spec: specInput(seed, from).spec });
      from++;
    }
  }
  return p;
}
