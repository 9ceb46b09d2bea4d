// Reading a guest's serial console: how far it got (init reached, run
// finished), whether the kernel crashed, and the last lines for the report.
import { MARK } from './framing.js';

// Kernel messages that mean the guest is dead or dying.
const CRASH = [
  /Kernel panic - not syncing/,
  /\bdouble fault\b/i,
  /\bOops: /,
  /BUG: unable to handle/,
  /general protection fault/,
  /\binvalid opcode: /,
  /Attempted to kill init/,
];

export interface ConsoleState {
  initReached: boolean;
  release?: string;
  runExit?: number;
  /** the first crash line, if any, and whether it came before init ran */
  crash?: { line: string; beforeInit: boolean };
}

// Folds console lines into a state; call with each line as it arrives.
export function scanLine(state: ConsoleState, raw: string): ConsoleState {
  // markers may follow firmware output on the same line (SeaBIOS leaves no newline)
  const line = cleanLine(raw);
  const init = markerValue(line, MARK.init);
  if (init !== undefined) return { ...state, initReached: true, release: init };
  const exit = markerValue(line, MARK.runExit);
  if (exit !== undefined) return { ...state, runExit: Number(exit) };
  if (!state.crash && CRASH.some((re) => re.test(line))) {
    return { ...state, crash: { line: line.trim(), beforeInit: !state.initReached } };
  }
  return state;
}

function markerValue(line: string, mark: string): string | undefined {
  const at = line.indexOf(`${mark} `);
  return at < 0 ? undefined : line.slice(at + mark.length + 1).trim();
}

// A console line without CRs and terminal escapes (CSI sequences, ESC c resets).
export function cleanLine(raw: string): string {
  return raw.replace(/\r/g, '').replace(/\x1b(\[[0-9;?]*[A-Za-z]|[A-Za-z])/g, '');
}

// Keeps the last `n` lines of a stream.
export class Tail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly n = 40) {}
  // Feeds a chunk; returns the complete lines it finished.
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    const done = parts.map(cleanLine);
    this.lines.push(...done);
    if (this.lines.length > this.n) this.lines.splice(0, this.lines.length - this.n);
    return done;
  }
  // The last lines, including an unfinished one.
  last(k = this.n): string[] {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.slice(-k);
  }
}
