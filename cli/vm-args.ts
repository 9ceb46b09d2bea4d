// Argument checks shared by the commands that boot other kernels (matrix,
// lava): kernel specs and case ids, and a directory to write into. Each is
// done before any work; a mistake is a UsageError (one line, exit 2).
import fs from 'node:fs';
import os from 'node:os';
import type { Argv } from 'yargs';
import { caseIds } from '../harness/runner/discover.js';
import { checkKernelSpec } from '../harness/vm/kernel.js';
import { makeDir } from '../harness/vm/make-dir.js';
import { parseKernelSpec, type KernelSpec } from '../harness/vm/spec.js';
import { quote, UsageError } from '../src/errors.js';
import { checkUnique, MAX_TIMEOUT_SCALE, positiveNumber, texts, wholeNumber } from './check.js';

// guest memory in MiB: the guest's initramfs (python, the cases) needs about
// 200; more than the host has cannot be backed
const MIN_MEMORY_MIB = 256;

/** The guest's options, the same for matrix and lava: what to boot, which cases, and the machine. */
export interface GuestArgs {
  kernel: string[];
  case?: string[];
  'timeout-scale'?: number;
  memory?: number;
  cpus?: number;
}

/**
 * Y with --kernel, --case, --timeout-scale, --memory and --cpus, as every
 * command that boots other kernels takes them; GUEST names the machine in
 * the help ("the guest", "run-local.sh's device").
 */
export function guestOptions<T>(y: Argv<T>, guest: string): Argv<T & GuestArgs> {
  return y
    .option('kernel', {
      type: 'string',
      array: true,
      demandOption: true,
      coerce: texts('kernel'),
      describe:
        'debian:<suite|version|package>, file:<bzImage>[:<modules dir>], build:<recipe>; +name.of.sysctl=value sets a sysctl in the guest',
    })
    .option('case', {
      type: 'string',
      array: true,
      coerce: texts('case'),
      describe: 'case ids (default: all)',
    })
    .option('timeout-scale', {
      type: 'string',
      coerce: positiveNumber('timeout-scale', MAX_TIMEOUT_SCALE),
      describe: `case timeouts x, above 0 and at most ${MAX_TIMEOUT_SCALE} (default 2 TCG, 1 KVM)`,
    })
    .option('memory', {
      type: 'string',
      coerce: wholeNumber('memory', MIN_MEMORY_MIB, Math.floor(os.totalmem() / 2 ** 20)),
      defaultDescription: '2048',
      describe: `memory of ${guest}, MiB (${MIN_MEMORY_MIB} to the host's)`,
    })
    .option('cpus', {
      type: 'string',
      coerce: wholeNumber('cpus', 1, 64),
      defaultDescription: '2',
      describe: `CPUs of ${guest} (1 to 64)`,
    }) as unknown as Argv<T & GuestArgs>;
}

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
