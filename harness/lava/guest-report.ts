// Runs in a LAVA guest, after `fusefault run --json FILE`:
//   node dist/harness/lava/guest-report.js FILE CASE...
// reads the run's result and reports each case to LAVA (report.ts) through
// the lava-test-case and lava-test-set helpers the test shell puts on PATH.
// Exit 0 even when cases fail: the verdicts are the results, and the test
// shell stops a definition at the first failing step (set -e).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { loadCases } from '../runner/discover.js';
import { regressVerdict } from '../runner/regress.js';
import type { CaseDef, RunResult } from '../runner/types.js';
import { reportSteps } from './report.js';

function readRun(file: string): RunResult | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RunResult;
  } catch (err) {
    process.stdout.write(`# ${file}: ${(err as Error).message}\n`);
    return undefined;
  }
}

const [file, ...ids] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: guest-report.js RESULT.json [CASE...]\n');
  process.exit(2);
}
const run = readRun(file);
const defs = new Map<string, CaseDef>();
for (const c of await loadCases(ids.length ? ids : undefined).catch(() => []))
  defs.set(c.id, c.def);
for (const step of reportSteps(run, ids, regressVerdict, defs)) {
  if ('echo' in step) process.stdout.write(`${step.echo}\n`);
  else execFileSync(step.argv[0]!, step.argv.slice(1), { stdio: 'inherit' });
}
