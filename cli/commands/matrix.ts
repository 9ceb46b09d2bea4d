// `fusefault matrix --kernel SPEC...`: every case on every kernel, each in a
// VM; progress on stderr, the table on stdout, JSON and Markdown on request.
// Exit 0 when every row has a case outcome (whatever it is), 1 when some
// kernel gave no result (TIMEOUT, PANIC, BOOT-FAILED, ...), 2 for a mistake
// in the arguments, found before anything is fetched, built or booted.
import fs from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { runMatrix } from '../../harness/vm/matrix.js';
import { markdownTable, textTable } from '../../harness/vm/report.js';
import type { KernelSpec } from '../../harness/vm/spec.js';
import { quote, UsageError } from '../../src/errors.js';
import { checkWritableFile, oneOf, oneText, wholeNumber } from '../check.js';
import { checkKernelsAndCases, checkOutputDir, guestOptions, type GuestArgs } from '../vm-args.js';

interface Args extends GuestArgs {
  json?: string;
  markdown?: string;
  parallel?: number;
  accel?: 'kvm' | 'tcg';
  retries?: number;
  'log-dir'?: string;
  quiet: boolean;
}

// Everything the arguments say that can be wrong, checked before any work:
// kernel specs (file: and build: too), case ids, where the output goes.
function checkArgs(a: Args): KernelSpec[] {
  if (a.json !== undefined) checkWritableFile('json', a.json);
  if (a.markdown !== undefined) checkWritableFile('markdown', a.markdown);
  if (a.json !== undefined && a.json === a.markdown)
    throw new UsageError(`--json and --markdown name the same file ${quote(a.json)}`);
  const kernels = checkKernelsAndCases(a.kernel, a.case);
  // last: the only check that leaves something behind (the directory)
  if (a['log-dir'] !== undefined) checkOutputDir('log-dir', a['log-dir']);
  return kernels;
}

const command: CommandModule<object, Args> = {
  command: 'matrix',
  describe: 'Run cases on other kernels in a VM',
  builder: (y) =>
    guestOptions(y, 'the guest')
      .option('json', {
        type: 'string',
        coerce: oneText('json'),
        describe: 'write one record per kernel and case here',
      })
      .option('markdown', {
        type: 'string',
        coerce: oneText('markdown'),
        describe: 'write the table as Markdown here',
      })
      .option('parallel', {
        type: 'string',
        coerce: wholeNumber('parallel', 1, 64),
        defaultDescription: '1',
        describe: 'kernels booted at once (1 to 64)',
      })
      .option('accel', {
        type: 'string',
        coerce: oneOf('accel', ['kvm', 'tcg'] as const),
        describe: 'kvm or tcg: skip the KVM probe',
      })
      .option('retries', {
        type: 'string',
        coerce: wholeNumber('retries', 0, 10),
        defaultDescription: '2',
        describe: 'boots again after a boot crash (0 to 10)',
      })
      .option('log-dir', {
        type: 'string',
        coerce: oneText('log-dir'),
        describe: 'keep each guest console log here',
      })
      .option('quiet', {
        type: 'boolean',
        default: false,
        describe: "do not relay the guests' TAP lines",
      })
      .example(
        '$0 matrix --kernel debian:bookworm --kernel debian:sid --case netflix-flush-on-exit',
        '',
      )
      .example(
        '$0 matrix --kernel debian:sid --kernel debian:sid+fs.fuse.default_request_timeout=10',
        '',
      ) as unknown as Argv<Args>,
  handler: async (argv) => {
    const kernels = checkArgs(argv);
    const err = (m: string) => process.stderr.write(`${m}\n`);
    const m = await runMatrix({
      kernels,
      cases: argv.case ?? [],
      parallel: argv.parallel ?? 1,
      accel: argv.accel,
      retries: argv.retries ?? 2,
      timeoutScale: argv['timeout-scale'],
      memoryMiB: argv.memory ?? 2048,
      cpus: argv.cpus ?? 2,
      logDir: argv['log-dir'],
      log: err,
      onGuestLine: (k, line) => {
        if (!argv.quiet && /^(not )?ok \d|^# /.test(line)) err(`[${k}] guest: ${line}`);
      },
    });
    process.stdout.write(textTable(m.records, m.kernels));
    if (argv.json) fs.writeFileSync(argv.json, JSON.stringify(m, null, 2) + '\n');
    if (argv.markdown) fs.writeFileSync(argv.markdown, markdownTable(m.records, m.kernels));
    const vmFailed = m.records.some((r) => r.outcome === r.outcome.toUpperCase());
    process.exitCode = vmFailed ? 1 : 0;
  },
};
export default command;
