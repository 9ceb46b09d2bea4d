// The trace: every event as one JSON line, appended to a file and handed to
// live subscribers (the control socket's `events`). File writes are batched
// (flushed at least every 100 ms and on close) so tracing stays cheap on the
// request path; subscribers get each event at once.
import { closeSync, openSync, write, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { TraceEvent } from './types.js';

/** How long an event may wait in memory before it is written. */
export const FLUSH_MS = 100;
// Write early when this much is buffered, so a burst cannot grow the buffer unbounded.
const FLUSH_BYTES = 1 << 20;

/** A trace event as its JSON line (u64 values as decimal strings). */
export function traceLine(ev: TraceEvent): string {
  // Events carry u64s as strings already; a replacer would double the cost of
  // every line, so it is only used when a bigint slipped in (stringify throws).
  try {
    return JSON.stringify(ev) + '\n';
  } catch {
    return (
      JSON.stringify(ev, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) + '\n'
    );
  }
}

// Traces with a file still open: flushed synchronously if the process exits
// without closing them (an uncaught error, process.exit), so the evidence of
// the last 100 ms is not lost.
const open = new Set<Trace>();
let exitHook = false;
function flushAllOnExit(): void {
  for (const tr of open) {
    try {
      tr.flushSync();
    } catch {
      // exiting anyway
    }
  }
}

/** The trace sink shared by the engine, the fault set and the control socket. */
export class Trace {
  #fd: number | undefined;
  #buf: string[] = [];
  #bytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #subscribers = new Set<(ev: TraceEvent) => void>();
  #closed = false;

  constructor({ file }: { file?: string } = {}) {
    // Opened synchronously so a bad --trace path fails before anything is mounted.
    if (file === undefined) return;
    this.#fd = openSync(file, 'a', 0o644);
    open.add(this);
    if (!exitHook) process.on('exit', flushAllOnExit);
    exitHook = true;
  }

  /** Whether anyone listens; callers may skip building events when not. */
  get active(): boolean {
    return !this.#closed && (this.#fd !== undefined || this.#subscribers.size > 0);
  }

  /** Records EV: queued for the file and passed to every subscriber now. */
  emit(ev: TraceEvent): void {
    if (this.#closed) return;
    for (const fn of this.#subscribers) {
      try {
        fn(ev);
      } catch {
        // One broken listener must not break serving or the others.
      }
    }
    if (this.#fd === undefined) return;
    const line = traceLine(ev);
    this.#buf.push(line);
    this.#bytes += line.length;
    if (this.#bytes >= FLUSH_BYTES) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), FLUSH_MS).unref();
  }

  /** Calls FN with every event from now on, until the returned function is called. */
  subscribe(fn: (ev: TraceEvent) => void): () => void {
    this.#subscribers.add(fn);
    return () => void this.#subscribers.delete(fn);
  }

  /**
   * Writes what is buffered before returning, for exit paths that cannot wait
   * (a batch still being written asynchronously may land after it).
   */
  flushSync(): void {
    this.#cancelTimer();
    if (this.#fd === undefined || this.#buf.length === 0) return;
    const data = this.#take();
    writeSync(this.#fd, data);
  }

  /** Flushes and closes the file; later events are dropped. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    open.delete(this);
    this.#subscribers.clear();
    await this.#writing;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #flush(): void {
    this.#cancelTimer();
    const fd = this.#fd;
    if (fd === undefined || this.#buf.length === 0) return;
    const data = this.#take();
    // Writes are chained so lines stay in order; a failed write is reported once on stderr.
    this.#writing = this.#writing
      .then(() => writeAll(fd, Buffer.from(data)))
      .catch((err: unknown) => {
        process.stderr.write(`fusefault: trace write failed: ${(err as Error).message}\n`);
      });
  }

  #take(): string {
    const data = this.#buf.join('');
    this.#buf = [];
    this.#bytes = 0;
    return data;
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

const writeAsync = promisify(write);

async function writeAll(fd: number, data: Buffer): Promise<void> {
  for (let off = 0; off < data.length;) {
    const { bytesWritten } = await writeAsync(fd, data, off, data.length - off, null);
    off += bytesWritten;
  }
}

/** Every event in a trace file, in order; a torn last line (writer killed mid-write) is skipped. */
export async function readTrace(file: string): Promise<TraceEvent[]> {
  return parseTrace(await readFile(file, 'utf8'), file);
}

/** The events of a trace's text (FILE names it in errors); a torn last line is skipped. */
export function parseTrace(text: string, file = 'trace'): TraceEvent[] {
  const lines = text.split('\n');
  const events: TraceEvent[] = [];
  lines.forEach((line, i) => {
    if (line === '') return;
    try {
      events.push(JSON.parse(line) as TraceEvent);
    } catch (err) {
      if (i !== lines.length - 1)
        throw new Error(`${file}:${i + 1}: not a trace line`, { cause: err });
    }
  });
  return events;
}
