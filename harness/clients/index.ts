// Spawns the scripted clients and collects their JSON-line reports. Node
// clients run from the compiled tree (dist/harness/clients/bin); the Python
// ones run from the source tree, since tsc does not copy them: Node has no
// mmap, libuv hides close()'s EINTR, and Node always catches SIGINT (so its
// default action, a group kill when sent, can only be seen from Python).
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { TimelineHooks } from '../timeline/recorder.js';
import { parseReport, type ClientReport } from './report.js';

/** The report line type, for callers of this module. */
export type { ClientReport } from './report.js';

/** Every client and what it is written in. */
export const CLIENTS = {
  'open-exit': 'node',
  'write-exit': 'node',
  'write-exec': 'node',
  'iou-init': 'node',
  'stat-loop': 'python',
  'write-close': 'python',
  'read-close': 'python',
  'mmap-read': 'python',
  'uffd-fault': 'python',
  'iou-direct': 'python',
} as const;
/** A client's name, as in CLIENTS. */
export type ClientName = keyof typeof CLIENTS;

/** How a client ended and everything it reported. */
export interface ClientExit {
  exitCode?: number;
  /** the signal that ended it ('SIGKILL'), when one did */
  signal?: string;
  reports: ClientReport[];
  stderr: string;
}

/** A running client. */
export interface ClientHandle {
  name: ClientName;
  pid: number;
  reports: ClientReport[];
  /** resolves with the first report (past or future) that matches */
  waitFor(match: (r: ClientReport) => boolean, timeoutMs?: number): Promise<ClientReport>;
  /** sends a signal to the client process itself */
  kill(signal: NodeJS.Signals): void;
  /** settles when the process is gone, however it ended */
  done: Promise<ClientExit>;
}

/** The argv that runs a client. */
export function clientCommand(name: ClientName, args: string[]): [string, string[]] {
  if (CLIENTS[name] === 'python') {
    const py = fileURLToPath(new URL(`../../../harness/clients/py/${name}.py`, import.meta.url));
    return ['python3', [py, ...args]];
  }
  const js = fileURLToPath(new URL(`./bin/${name}.js`, import.meta.url));
  return [process.execPath, [js, ...args]];
}

/** Who follows a client: a CaseContext learns its pid (so recovery can reap
 * it), and its timeline the client's reports and the signals sent to it. */
export interface ClientTracker {
  trackPid(pid: number): void;
  timeline?: TimelineHooks;
}

/** Starts a client; `track` (a CaseContext) learns its pid so recovery can reap it. */
export function startClient(
  name: ClientName,
  args: string[],
  { track, cwd }: { track?: ClientTracker; cwd?: string } = {},
): ClientHandle {
  const [file, argv] = clientCommand(name, args);
  const proc: ResultPromise = execa(file, argv, { reject: false, cwd, stdin: 'ignore' });
  if (proc.pid === undefined) throw new Error(`${name}: spawn failed`);
  track?.trackPid(proc.pid);
  const reports: ClientReport[] = [];
  track?.timeline?.client(proc.pid, () => reports);
  const waiters = new Set<(r: ClientReport) => void>();
  const lines = createInterface({ input: proc.stdout! });
  lines.on('line', (line) => {
    const r = parseReport(line);
    if (!r) return;
    reports.push(r);
    for (const w of [...waiters]) w(r);
  });
  const closed = new Promise<void>((resolve) => lines.once('close', resolve));
  const done = (async (): Promise<ClientExit> => {
    const res = await proc;
    await closed;
    const stderr = typeof res.stderr === 'string' ? res.stderr : '';
    return { exitCode: res.exitCode, signal: res.signal, reports, stderr };
  })();
  const waitFor = (match: (r: ClientReport) => boolean, timeoutMs = 10_000) =>
    new Promise<ClientReport>((resolve, reject) => {
      const seen = reports.find(match);
      if (seen) return resolve(seen);
      const finish = (err?: Error, r?: ClientReport) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (r) resolve(r);
        else reject(err);
      };
      const check = (r: ClientReport) => match(r) && finish(undefined, r);
      const timer = setTimeout(
        () => finish(new Error(`${name}: no such report in ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.add(check);
      void done.then(() => finish(new Error(`${name} exited before the report`)));
    });
  return {
    name,
    pid: proc.pid,
    reports,
    waitFor,
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

/** Runs a client to completion and returns what it reported. */
export function runClient(
  name: ClientName,
  args: string[],
  opts: { track?: ClientTracker; cwd?: string } = {},
): Promise<ClientExit> {
  return startClient(name, args, opts).done;
}
