// Starts the mmap_lock case's Python clients (py/mmap-hold.py, py/mmap-peek.py)
// and follows their JSON-line reports, like startClient does for the clients
// it lists. They run from the source tree: tsc does not copy .py files.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { tapLines } from '../process/lines.js';
import type { ClientExit, ClientTracker } from './index.js';
import { parseReport, type ClientReport } from './report.js';

export type MmapClientName = 'mmap-hold' | 'mmap-peek';

/** A running mmap client. */
export interface MmapClient {
  name: MmapClientName;
  pid: number;
  /** every report so far */
  reports(): ClientReport[];
  /** resolves with the first report (past or future) that matches */
  waitFor(match: (r: ClientReport) => boolean, timeoutMs?: number): Promise<ClientReport>;
  kill(signal: NodeJS.Signals): void;
  /** settles when the process is gone, however it ended */
  done: Promise<ClientExit>;
}

/** Whether python3 with the mmap and ctypes modules can run here; the reason when not. */
export async function pythonMissing(): Promise<string | undefined> {
  const r = await execa('python3', ['-c', 'import ctypes, mmap, threading'], { reject: false });
  if (r.exitCode === 0) return undefined;
  const why = (typeof r.stderr === 'string' && r.stderr.trim().split('\n').at(-1)) || '';
  return `python3 with mmap and ctypes is needed (Node has no mmap): ${why || r.shortMessage}`;
}

/** Starts NAME with ARGS; `track` (a CaseContext) learns its pid so recovery can reap it. */
export function startMmapClient(
  name: MmapClientName,
  args: string[],
  { track }: { track?: ClientTracker } = {},
): MmapClient {
  const py = fileURLToPath(new URL(`../../../harness/clients/py/${name}.py`, import.meta.url));
  const proc = execa('python3', [py, ...args], { reject: false, stdin: 'ignore', buffer: false });
  if (proc.pid === undefined) throw new Error(`${name}: spawn failed`);
  track?.trackPid(proc.pid);
  const out = tapLines(proc.stdout!);
  const err = tapLines(proc.stderr!);
  const reports = () => out.lines.flatMap((l) => parseReport(l) ?? []);
  track?.timeline?.client(proc.pid, reports);
  const done = (async (): Promise<ClientExit> => {
    const res = await proc;
    await Promise.all([out.ended, err.ended]);
    return {
      exitCode: res.exitCode,
      signal: res.signal,
      reports: reports(),
      stderr: err.lines.join('\n'),
    };
  })();
  return {
    name,
    pid: proc.pid,
    reports,
    waitFor: async (match, timeoutMs = 10_000) =>
      parseReport(
        await out.next((l) => {
          const r = parseReport(l);
          return r !== undefined && match(r);
        }, timeoutMs),
      )!,
    kill: (signal) => {
      track?.timeline?.signal(proc.pid!, signal);
      try {
        process.kill(proc.pid!, signal);
      } catch {
        // already gone
      }
    },
    done,
  };
}
