// Client processes for the engine tests: test/fixtures/engine/client.py, one
// operation on a path, each step reported as a stdout line.
import { spawn, type ChildProcess } from 'node:child_process';
import { fixture, waitFor } from '../fuse-helpers.js';

export interface Client {
  child: ChildProcess;
  pid: number;
  /** stdout lines so far */
  lines: string[];
  /** waits until a line equal to (or matching) WANT was printed */
  waitLine(want: string | RegExp): Promise<string>;
  exited: Promise<number | null>;
}

/** Starts `python3 client.py OP PATH ARGS...`. */
export function startClient(op: string, path: string, ...args: string[]): Client {
  const child = spawn('python3', [fixture('engine/client.py'), op, path, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  const match = (l: string, want: string | RegExp) =>
    typeof want === 'string' ? l === want : want.test(l);
  return {
    child,
    pid: child.pid as number,
    lines,
    waitLine: (want) =>
      waitFor(() => lines.find((l) => match(l, want)), {
        what: `client line ${String(want)}`,
      }) as Promise<string>,
    exited,
  };
}

/** Runs a client to completion and returns its lines and exit code. */
export async function runClient(
  op: string,
  path: string,
  ...args: string[]
): Promise<{ lines: string[]; code: number | null }> {
  const c = startClient(op, path, ...args);
  const code = await c.exited;
  return { lines: c.lines, code };
}
