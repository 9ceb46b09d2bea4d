// A whole run: cases in order, TAP or KTAP on stdout, RunResult as JSON,
// --expect (reproduction) or --regress (farm verdicts, regress.ts), a watchdog for the harness's own death, and in-process recovery on
// SIGINT/SIGTERM (exit 130/143).
import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../src/errors.js';
import type { Watchdog } from '../recovery/start-watchdog.js';
import { underWatchdog } from '../recovery/under-watchdog.js';
import { caseIds, casesDir, loadCases, type LoadedCase } from './discover.js';
import { parseExpect } from './expect.js';
import { collectReports, reportLine } from '../recovery/reports.js';
import { kernelFacts } from './kernel.js';
import type { LiveListener } from './live.js';
import { farmSafe } from './farm-safe.js';
import { regressVerdict } from './regress.js';
import { runPage } from '../report/html.js';
import { runCase } from './run-case.js';
import type { RunnerStateFile } from './runner-state.js';
import { tapCase, tapHeader, type TapFormat } from './tap.js';
import type { CaseResult, RunResult } from './types.js';

/** What `fusefault run` was asked for. */
export interface RunOptions {
  ids: string[];
  json?: string;
  /** write the timeline page (`fusefault report --html`) of the run here */
  html?: string;
  expect: string[];
  /** ok/not ok by regressVerdict; excludes expect */
  regress?: boolean;
  format?: TapFormat;
  timeoutScale: number;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** follows each case as it runs and may pace its steps (`fusefault demo`) */
  live?: LiveListener;
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
/** kselftest's KSFT_SKIP: under --regress, no case failed and none passed. */
export const EXIT_ALL_SKIPPED = 4;

// 0 all ok, 1 any not ok; under --regress 4 when every case was skipped
function exitCode(results: CaseResult[], regress?: boolean): number {
  if (!results.every((r) => r.ok)) return 1;
  if (regress && results.length && results.every((r) => r.verdict === 'skip'))
    return EXIT_ALL_SKIPPED;
  return 0;
}

/** IDS (all when empty) once each, or a UsageError naming the unknown ones and the known. */
export function checkIds(ids: string[]): string[] {
  const known = caseIds();
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length) {
    throw new UsageError(
      `unknown case ${unknown.join(', ')}; known: ${known.join(' ') || `(none in ${casesDir()})`}`,
    );
  }
  return ids.length ? [...new Set(ids)] : known;
}

interface Supervised {
  cases: LoadedCase[];
  expect: Map<string, string>;
  runner: RunnerStateFile;
  watchdog: Watchdog;
  opts: RunOptions;
  out(line: string): void;
  err(line: string): void;
}

// The cases in order, with in-process recovery on SIGINT/SIGTERM.
async function supervise({
  cases,
  expect,
  runner,
  watchdog,
  opts,
  out,
  err,
}: Supervised): Promise<number> {
  const startedAt = new Date().toISOString();
  const interrupt = new AbortController();
  let signal: keyof typeof SIGNAL_EXIT | undefined;
  const onSignal = (s: keyof typeof SIGNAL_EXIT) => {
    // a second signal changes nothing: recovery must finish
    if (!signal) err(`fusefault: ${s}: stopping the case and recovering`);
    signal ??= s;
    interrupt.abort(s);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    for (const l of tapHeader(cases.length, kernelFacts(), opts.format)) out(l);
    out(`# state ${runner.dir} watchdog ${watchdog.pid}`);
    const results: CaseResult[] = [];
    for (const [i, c] of cases.entries()) {
      if (signal) break;
      // kselftest's runner merges stderr into the results a farm parses
      const log = (id: string, l: string) => err(farmSafe(`[${id}] ${l}`));
      const r = await runCase({
        c,
        runner,
        timeoutScale: opts.timeoutScale,
        interrupt: interrupt.signal,
        log,
        live: opts.live,
      });
      const e = expect.get(c.id);
      if (e !== undefined) {
        r.expected = e;
        if (e !== r.outcome) r.ok = false;
      }
      if (opts.regress) {
        r.verdict = regressVerdict(c.def, r);
        r.ok = r.verdict !== 'fail';
      }
      results.push(r);
      opts.live?.result?.(r, c);
      for (const l of tapCase(i + 1, r, opts.format)) out(l);
    }
    if (signal) {
      // what recovery did is in the interrupted case's YAML block
      const clean = results.at(-1)?.recovery.clean !== false;
      out(
        `Bail out! ${signal}: ${results.length} of ${cases.length} cases run, recovery ${clean ? 'clean' : 'left leftovers'}`,
      );
    }
    const run: RunResult = { kernel: kernelFacts(results), startedAt, cases: results };
    if (opts.json) writeFileSync(opts.json, `${JSON.stringify(run, null, 2)}\n`);
    if (opts.html) writeFileSync(opts.html, runPage(run));
    if (signal) return SIGNAL_EXIT[signal];
    return exitCode(results, opts.regress);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

// --json and --html are written after the last case: find out now that they cannot be
function checkWritable(option: string, file: string): void {
  try {
    accessSync(dirname(resolve(file)), constants.W_OK);
  } catch {
    throw new UsageError(`--${option} ${file}: cannot write there`);
  }
}

/** Runs the cases; resolves with the exit code (0 all ok, 1 any not ok, 4 all
 * skipped under --regress, 130/143 interrupted). */
export async function runCases(opts: RunOptions): Promise<number> {
  // a reader that goes away (`| head`) must not stop a run before it recovers
  process.stdout.on('error', () => undefined);
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = opts.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (!(opts.timeoutScale > 0)) throw new UsageError(`--timeout-scale must be a positive number`);
  // a reproduction names the outcome it wants; a farm run judges by regress
  if (opts.regress && opts.expect.length)
    throw new UsageError(
      '--regress and --expect exclude each other (a farm run or a reproduction)',
    );
  if (opts.json) checkWritable('json', opts.json);
  if (opts.html) checkWritable('html', opts.html);
  if (opts.html !== undefined && opts.html === opts.json)
    throw new UsageError(`--json and --html name the same file ${opts.html}`);
  const cases = await loadCases(checkIds(opts.ids));
  const expect = parseExpect(opts.expect, cases);
  // runs killed before: their watchdogs' reports, printed once and removed
  for (const r of collectReports()) err(`fusefault: ${reportLine(r)}`);
  return underWatchdog('', (runner, watchdog) =>
    supervise({ cases, expect, runner, watchdog, opts, out, err }),
  );
}
