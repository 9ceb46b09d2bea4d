// `fusefault run [cases..]`: Run cases on the kernel of this machine (TAP on stdout).
import type { CommandModule } from 'yargs';
import { runCases } from '../../../harness/runner/run.js';

interface Args {
  cases?: string[];
  json?: string;
  expect?: string[];
  'timeout-scale': number;
}

const command: CommandModule<object, Args> = {
  command: 'run [cases..]',
  describe: 'Run cases on the kernel of this machine (TAP on stdout)',
  builder: (y) =>
    y
      .positional('cases', {
        type: 'string',
        array: true,
        describe: 'case ids (default: all; see fusefault list)',
      })
      .option('json', {
        type: 'string',
        describe: 'write the full results (RunResult) to this file',
      })
      .option('expect', {
        type: 'string',
        array: true,
        nargs: 1, // one value per --expect, so case ids after it stay cases
        describe: 'CASE=OUTCOME (or OUTCOME with one case): exit 1 when the outcome differs',
      })
      .option('timeout-scale', {
        type: 'number',
        default: 1,
        describe: "multiply every case's timeout",
      })
      .example('$0 run netflix-flush-on-exit --expect deadlock', 'a regression check on one case'),
  handler: async (argv) => {
    process.exitCode = await runCases({
      ids: argv.cases ?? [],
      json: argv.json,
      expect: argv.expect ?? [],
      timeoutScale: argv['timeout-scale'],
    });
  },
};
export default command;
