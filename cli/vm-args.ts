// Argument checks shared by the commands that boot other kernels (matrix,
// lava): kernel specs and case ids, and a directory to write into. Each is
// done before any work; a mistake is a UsageError (one line, exit 2).
import fs from 'node:fs';
import { caseIds } from '../harness/runner/discover.js';
import { checkKernelSpec } from '../harness/vm/kernel.js';
import { makeDir } from '../harness/vm/make-dir.js';
import { parseKernelSpec, type KernelSpec } from '../harness/vm/spec.js';
import { quote, UsageError } from '../src/errors.js';
import { checkUnique } from './check.js';

/** The --kernel specs parsed and checked (file: and build: too), and the
 * --case ids checked against the cases on disk; neither may repeat. */
export function checkKernelsAndCases(kernels: string[], cases: string[] = []): KernelSpec[] {
  checkUnique('--kernel', kernels);
  const specs = kernels.map(parseKernelSpec);
  for (const k of specs) checkKernelSpec(k);
  const known = caseIds();
  for (const c of cases) {
    if (!known.includes(c))
      throw new UsageError(`unknown case ${quote(c)}; known: ${known.join(' ') || '(none)'}`);
  }
  checkUnique('--case', cases);
  return specs;
}

/** Creates DIR for --NAME when missing and refuses it unless writable. The
 * only check that leaves something behind: call it last. */
export function checkOutputDir(name: string, dir: string): void {
  try {
    makeDir(dir);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--${name} ${quote(dir)}: cannot write there (${code})`);
  }
}
