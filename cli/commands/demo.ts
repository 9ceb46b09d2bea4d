// `fusefault demo CASE`: a live, narrated run of one case for a person: each
// step announced before it happens, then what the kernel does (state, stack,
// pending signals, the FUSE request in flight), the verdict and the clean-up.
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../src/errors.js';
import { runDemo } from '../../harness/demo/run-demo.js';
import { checkIds } from '../../harness/runner/run.js';
import { MAX_TIMEOUT_SCALE, oneText, positiveNumber, wholeNumber } from '../check.js';

interface Args {
  _: (string | number)[];
  case: string;
  step: boolean;
  pace?: number;
  'timeout-scale'?: number;
}

/** The pause after each announcement without --step. */
const PACE_MS = 1500;

const command: CommandModule<object, Args> = {
  command: 'demo <case>',
  describe: 'Run one case narrated, step by step, showing what the kernel does',
  builder: (y) =>
    y
      .positional('case', { type: 'string', coerce: oneText('case'), describe: 'a case id' })
      .option('step', {
        type: 'boolean',
        default: false,
        describe: 'wait for Enter before each step (stdin must be a terminal)',
      })
      .option('pace', {
        type: 'string',
        coerce: wholeNumber('pace', 0, 60_000),
        defaultDescription: String(PACE_MS),
        describe: 'ms to pause after each announcement (without --step)',
      })
      .option('timeout-scale', {
        type: 'string',
        coerce: positiveNumber('timeout-scale', MAX_TIMEOUT_SCALE),
        defaultDescription: '1',
        describe: "multiply the case's timeout (a pause counts against it)",
      })
      .example('$0 demo juicefs-close-interrupt --step', 'for a talk: Enter before each step')
      .example(
        '$0 demo netflix-flush-on-exit --pace 3000',
        'runs through, 3 s per announcement',
      ) as Argv<Args>,
  handler: async (argv) => {
    const extra = argv._.slice(1);
    if (extra.length) throw new UsageError(`demo runs one case; also given: ${extra.join(' ')}`);
    if (argv.step && argv.pace !== undefined)
      throw new UsageError('--step and --pace exclude each other (Enter or a pause)');
    if (argv.step && !process.stdin.isTTY)
      throw new UsageError('--step waits for Enter: stdin must be a terminal');
    const [id] = checkIds([argv.case]);
    process.exitCode = await runDemo({
      id: id!,
      step: argv.step,
      paceMs: argv.pace ?? PACE_MS,
      timeoutScale: argv['timeout-scale'] ?? 1,
    });
  },
};
export default command;
