// `fusefault matrix --kernel SPEC...`: every case on every kernel, each in a
// VM; progress on stderr, the table on stdout, JSON and Markdown on request.
// Exit 0 when every row has a case outcome (whatever it is), 1 when some
// kernel gave no result (TIMEOUT, PANIC, BOOT-FAILED, ...).
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { runMatrix } from '../../../harness/vm/matrix.js';
import { markdownTable, textTable } from '../../../harness/vm/report.js';
import { parseKernelSpec } from '../../../harness/vm/spec.js';

interface Args {
  kernel: string[];
  case?: string[];
  json?: string;
  markdown?: string;
  parallel: number;
  accel?: 'kvm' | 'tcg';
  retries: number;
  'timeout-scale'?: number;
  memory: number;
  cpus: number;
  'log-dir'?: string;
  quiet: boolean;
}

const command: CommandModule<object, Args> = {
  command: 'matrix',
  describe: 'Run cases on other kernels in a VM',
  builder: (y) =>
    y
      .option('kernel', {
        type: 'string',
        array: true,
        demandOption: true,
        describe:
          'debian:<suite|version|package>, file:<bzImage>[:<modules dir>], build:<recipe>; +name.of.sysctl=value sets a sysctl in the guest',
      })
      .option('case', { type: 'string', array: true, describe: 'case ids (default: all)' })
      .option('json', { type: 'string', describe: 'write one record per kernel and case here' })
      .option('markdown', { type: 'string', describe: 'write the table as Markdown here' })
      .option('parallel', { type: 'number', default: 1, describe: 'kernels booted at once' })
      .option('accel', { choices: ['kvm', 'tcg'] as const, describe: 'skip the KVM probe' })
      .option('retries', { type: 'number', default: 2, describe: 'boots again after a boot crash' })
      .option('timeout-scale', {
        type: 'number',
        describe: 'case timeouts x (default 2 TCG, 1 KVM)',
      })
      .option('memory', { type: 'number', default: 2048, describe: 'guest memory, MiB' })
      .option('cpus', { type: 'number', default: 2, describe: 'guest CPUs' })
      .option('log-dir', { type: 'string', describe: 'keep each guest console log here' })
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
      ),
  handler: async (argv) => {
    const kernels = argv.kernel.map(parseKernelSpec);
    if (argv['log-dir']) fs.mkdirSync(argv['log-dir'], { recursive: true });
    const err = (m: string) => process.stderr.write(`${m}\n`);
    const m = await runMatrix({
      kernels,
      cases: argv.case ?? [],
      parallel: argv.parallel,
      accel: argv.accel,
      retries: argv.retries,
      timeoutScale: argv['timeout-scale'],
      memoryMiB: argv.memory,
      cpus: argv.cpus,
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
