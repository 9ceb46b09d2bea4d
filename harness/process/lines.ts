// Line-by-line capture of a child's stdout that starts the moment the child
// is spawned: with buffer:false, execa lets output nobody listens to go, so
// a line printed while the caller is still awaiting something else is lost.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** The captured lines and a way to wait for one. */
export interface LineTap {
  lines: string[];
  /** resolves with the first line (past or future) that matches; rejects at the deadline or end */
  next(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** resolves when the stream ends */
  ended: Promise<void>;
}

/** Starts capturing STREAM's lines now. */
export function tapLines(stream: Readable): LineTap {
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let done = false;
  const rl = createInterface({ input: stream });
  rl.on('line', (l) => {
    lines.push(l);
    for (const w of [...waiters]) w();
  });
  const ended = new Promise<void>((resolve) =>
    rl.once('close', () => {
      done = true;
      for (const w of [...waiters]) w();
      resolve();
    }),
  );
  const next = (match: (line: string) => boolean, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const hit = lines.find(match);
        if (hit === undefined && !done) return;
        clearTimeout(timer);
        waiters.delete(check);
        if (hit !== undefined) resolve(hit);
        else reject(new Error(`output ended without the line (last: ${lines.at(-1) ?? 'none'})`));
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no such line in ${timeoutMs} ms (last: ${lines.at(-1) ?? 'none'})`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { lines, next, ended };
}
