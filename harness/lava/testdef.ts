// The LAVA test definition of a fusefault job (inline): run the cases with
// the guest's fusefault, then report each one (guest-report.ts). The test
// shell runs the steps under `set -e`, so a run that exits 1 (some case not
// ok) must not end the definition before the report.
import { GUEST_PROJECT } from '../vm/guest/init.js';
import { shellLine } from './shell.js';
import type { YamlValue } from './yaml.js';

/** Where the guest's run writes its JSON result. */
export const GUEST_RESULT = '/tmp/fusefault-result.json';
/** The test definition's name: LAVA's result suite for the cases. */
export const SUITE = 'fusefault';

// The run steps for CASES (empty: every case) with case timeouts times SCALE.
export function testSteps(cases: string[], scale: number): string[] {
  const run = shellLine([
    'node',
    'dist/cli/main.js',
    'run',
    ...cases,
    '--timeout-scale',
    String(scale),
    '--json',
    GUEST_RESULT,
  ]);
  return [
    `cd ${GUEST_PROJECT}`,
    `export FUSEFAULT_TIMEOUT_SCALE=${scale}`,
    `${run} || echo "fusefault run exit $?"`,
    shellLine(['node', 'dist/harness/lava/guest-report.js', GUEST_RESULT, ...cases]),
  ];
}

/** The inline test definition entry of a job's test action. */
export function testDefinition(cases: string[], scale: number): YamlValue {
  return {
    from: 'inline',
    name: SUITE,
    path: `inline/${SUITE}.yaml`,
    repository: {
      metadata: {
        format: 'Lava-Test Test Definition 1.0',
        name: SUITE,
        description:
          'fusefault cases; result per case: fail = the kernel has the bug, pass = it has the fix, skip = not applicable',
      },
      run: { steps: testSteps(cases, scale) },
    },
  };
}
