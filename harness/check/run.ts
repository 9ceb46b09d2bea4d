// `fusefault check` from start to end: the session (session.ts) runs as a
// case through the case runner, so it gets what every case gets: a child of
// its own session, a deadline, recovery afterwards, and a watchdog that
// recovers the machine if this process is SIGKILLed. Then the table, the
// JSON, and the exit code: 0 every check decided, 1 one could not (or the
// session failed, or recovery left something), 2 the filesystem did not
// mount (bad input, said in one line, after recovery).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../src/errors.js';
import { collectReports, reportLine } from '../recovery/reports.js';
import { underWatchdog } from '../recovery/under-watchdog.js';
import { kernelFacts } from '../runner/kernel.js';
import { runCase } from '../runner/run-case.js';
import type { CaseResult } from '../runner/types.js';
import { selectChecks } from './registry.js';
import sessionDef, { SESSION_ENV, type SessionOptions } from './session.js';
import { formatTable } from './table.js';
import { INCONCLUSIVE, type CheckRecord } from './types.js';

const SESSION = fileURLToPath(new URL('./session.js', import.meta.url));
// starting the backing store and mounting, and taking both away, on top of the checks
const SETUP_MS = 90_000;
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** What `fusefault check` was asked for. */
export interface CheckOptions extends SessionOptions {
  json?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

async function supervised(opts: CheckOptions, err: (l: string) => void): Promise<CaseResult> {
  const interrupt = new AbortController();
  const onSignal = (s: NodeJS.Signals) => {
    if (!interrupt.signal.aborted) err(`fusefault: ${s}: stopping the checks and recovering`);
    interrupt.abort(s);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  const checksMs = selectChecks(opts.only).reduce((n, c) => n + c.timeoutMs, 0);
  const def = { ...sessionDef, timeoutMs: SETUP_MS + checksMs };
  const { fs, unmount, only } = opts;
  const session: SessionOptions = { fs, only, ...(unmount ? { unmount } : {}) };
  try {
    return await underWatchdog('check-', (runner) =>
      runCase({
        c: { id: 'check', path: SESSION, def },
        runner,
        timeoutScale: Number(process.env.FUSEFAULT_TIMEOUT_SCALE) || 1,
        interrupt: interrupt.signal,
        log: (_id, l) => err(`[check] ${l}`),
        env: { [SESSION_ENV]: JSON.stringify(session) },
      }),
    );
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

/** Runs the checks; resolves with the exit code. */
export async function runCheck(opts: CheckOptions): Promise<number> {
  process.stdout.on('error', () => undefined);
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = opts.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  for (const r of collectReports()) err(`fusefault: ${reportLine(r)}`);
  const started = Date.now();
  const r = await supervised(opts, err);
  for (const l of r.recovery.leftovers) err(`fusefault: left after recovery: ${l}`);
  if (r.outcome === 'not-mounted') throw new UsageError(r.summary);
  const records = (r.evidence.records ?? []) as CheckRecord[];
  if (opts.json) {
    const doc = {
      command: opts.fs,
      kernel: kernelFacts(),
      outcome: r.outcome,
      durationMs: Date.now() - started,
      upper: r.evidence.upper,
      teardown: r.evidence.teardown,
      recovery: r.recovery,
      checks: records,
    };
    writeFileSync(opts.json, `${JSON.stringify(doc, null, 2)}\n`);
  }
  if (r.outcome !== 'checked') {
    err(`fusefault: check ${r.outcome}: ${r.summary}`);
    return r.outcome === 'interrupted' ? SIGNAL_EXIT.SIGINT : 1;
  }
  for (const l of formatTable(records, process.stdout.columns || 120)) out(l);
  out(
    `# ${Math.round((Date.now() - started) / 100) / 10} s, recovery ${r.recovery.clean ? 'clean' : 'left leftovers'}`,
  );
  if (!r.recovery.clean) return 1;
  return records.some((c) => c.outcome === INCONCLUSIVE) ? 1 : 0;
}
