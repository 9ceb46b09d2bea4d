// Runs one case for real through the compiled CLI (`fusefault run ID --json`)
// and returns its result; the checks every case test makes on it live here,
// the outcome this kernel should give among them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { fusefault } from '../helpers.js';
import { checkExpected } from './expected.js';
import { loadCases } from '../../harness/runner/discover.js';
import { declaresOutcome, type CaseResult, type RunResult } from '../../harness/runner/types.js';

/** `fusefault run ID --json FILE`, parsed; the TAP output is kept for messages. */
export async function runCase(
  id: string,
  timeoutMs: number,
): Promise<{ result: CaseResult; tap: string; exitCode?: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-case-test-'));
  try {
    const json = join(dir, 'run.json');
    const r = await fusefault(['run', id, '--json', json], { timeout: timeoutMs });
    const run = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
    const result = run.cases.find((c) => c.id === id);
    if (!result) throw new Error(`no result for ${id}: ${r.stdout}`);
    return { result, tap: `${r.stdout}`, exitCode: r.exitCode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The checks common to every case: a declared outcome, the one this kernel is
 * expected to give (expected.ts; CONDITION names what the test set up), no
 * error, clean recovery. */
export async function checkCommon(
  t: Test,
  id: string,
  result: CaseResult,
  { condition }: { condition?: string } = {},
): Promise<void> {
  const [loaded] = await loadCases([id]);
  t.ok(
    declaresOutcome(loaded!.def, result.outcome),
    `outcome ${result.outcome} is one the case declares`,
  );
  checkExpected(t, id, result, condition);
  t.notOk(result.error, `the case ran without error ${result.error ?? ''}`);
  t.ok(result.recovery.clean, `recovery clean: ${result.recovery.leftovers.join('; ')}`);
  t.ok(result.summary.length > 0, 'a summary line');
}
