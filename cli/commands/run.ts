// `fusefault run [cases..]`: Run cases on the kernel of this machine (TAP on stdout).
import type { Argv, CommandModule } from 'yargs';
import { runCases } from '../../harness/runner/run.js';
import { TAP_FORMATS, type TapFormat } from '../../harness/runner/tap.js';
import { checkUnique, MAX_TIMEOUT_SCALE, oneOf, oneText, positiveNumber, texts } from '../check.js';

interface Args {
  _: (string | number)[];
  cases?: string[];
  json?: string;
  html?: string;
  expect?: string[];
  regress: boolean;
  format?: TapFormat;
  'timeout-scale'?: number;
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
        coerce: oneText('json'),
        describe: 'write the full results (RunResult) to this file',
      })
      .option('html', {
        type: 'string',
        coerce: oneText('html'),
        describe: 'write the timeline of every case as an HTML page (see fusefault report)',
      })
      .option('expect', {
        type: 'string',
        array: true,
        nargs: 1, // one value per --expect, so case ids after it stay cases
        coerce: texts('expect'),
        describe: 'CASE=OUTCOME (or OUTCOME with one case): exit 1 when the outcome differs',
      })
      .option('regress', {
        type: 'boolean',
        default: false,
        describe: 'not ok when the kernel is affected, ok when fixed, SKIP when not applicable',
      })
      .option('format', {
        type: 'string',
        coerce: oneOf('format', TAP_FORMATS),
        defaultDescription: 'tap',
        describe: 'tap (TAP 13) or ktap (KTAP version 1, for kselftest tooling)',
      })
      .option('timeout-scale', {
        type: 'string',
        // no yargs default: a bare `--timeout-scale` must be refused, not read as 1
        coerce: positiveNumber('timeout-scale', MAX_TIMEOUT_SCALE),
        defaultDescription: '1',
        describe: "multiply every case's timeout",
      })
      .example('$0 run netflix-flush-on-exit --expect deadlock', 'a regression check on one case')
      .example('$0 run --regress --format ktap', 'every case as a kernel regression farm reads it')
      .example('$0 run --json results.json', 'every case, the full results kept')
      .example(
        '$0 run juicefs-close-interrupt --html run.html',
        'and what happened, drawn',
      ) as Argv<Args>,
  handler: async (argv) => {
    // words after `--` are case ids too (`run -- -x`), checked like the others
    const ids = [...(argv.cases ?? []), ...argv._.slice(1).map(String)];
    checkUnique('case', ids);
    process.exitCode = await runCases({
      ids,
      json: argv.json,
      html: argv.html,
      expect: argv.expect ?? [],
      regress: argv.regress,
      format: argv.format ?? 'tap',
      timeoutScale: argv['timeout-scale'] ?? 1,
    });
  },
};
export default command;
