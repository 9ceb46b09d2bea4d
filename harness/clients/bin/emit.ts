// Report helpers for the Node clients. Every call is synchronous on the main
// thread, so the syscall in progress is the one a signal to the process
// interrupts (libuv's pool threads block all signals).
import { writeSync } from 'node:fs';
import type { ClientReport } from '../report.js';

/** CLOCK_MONOTONIC seconds, as in the server's trace. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Writes one report line straight to fd 1 (no stream buffering: the process may die next). */
export function emit(r: Omit<ClientReport, 'ts'>): void {
  writeSync(1, JSON.stringify({ ...r, ts: now() }) + '\n');
}

/** Runs one syscall, reporting an `enter` line before and the result or errno after. */
export function call<T>(
  step: string,
  syscall: string,
  fn: () => T,
  show: (v: T) => number | string = (v) => (typeof v === 'number' ? v : String(v)),
): T | undefined {
  emit({ step, syscall, enter: true });
  try {
    const v = fn();
    emit({ step, syscall, result: show(v) });
    return v;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    emit({ step, syscall, errno: code });
    return undefined;
  }
}

/** Reports a caught SIGINT. Node catches SIGINT anyway (its own handler
 * re-raises it after resetting the terminal), so SIGINT is never turned into a
 * group kill when sent to a Node client: clients that must show SIGINT's
 * default action are the Python ones. */
export function catchSigint(): void {
  process.on('SIGINT', () => emit({ step: 'signal', syscall: 'sigaction', result: 'SIGINT' }));
}

/** Minimal --name value parser: flags without a value are 'true'. */
export function args(argv = process.argv.slice(2)): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out.set(a.slice(2), next);
      i++;
    } else out.set(a.slice(2), 'true');
  }
  return out;
}

/** A required option, or exit 2 with a one-line message. */
export function need(opts: Map<string, string>, name: string): string {
  const v = opts.get(name);
  if (v === undefined) {
    process.stderr.write(`missing --${name}\n`);
    process.exit(2);
  }
  return v;
}
