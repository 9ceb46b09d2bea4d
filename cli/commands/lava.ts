// `fusefault lava --kernel SPEC... --case ID... --out DIR`: LAVA job
// definitions (device type qemu, x86_64), one per kernel, with the kernel and
// the matrix's guest initramfs under DIR/artifacts/, plus DIR/run-local.sh to
// run one with Debian's lava-dispatcher on this machine. 2 for a mistake in
// the arguments, found before anything is fetched, built or written.
import os from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { writeLavaJobs } from '../../harness/lava/write.js';
import { quote, UsageError } from '../../src/errors.js';
import { MAX_TIMEOUT_SCALE, oneOf, oneText, positiveNumber, texts, wholeNumber } from '../check.js';
import { checkKernelsAndCases, checkOutputDir } from '../vm-args.js';

interface Args {
  kernel: string[];
  case?: string[];
  out: string;
  'base-url'?: string;
  accel?: 'kvm' | 'tcg';
  'timeout-scale'?: number;
  memory?: number;
  cpus?: number;
}

// guest memory in MiB, as for matrix: the initramfs needs about 200
const MIN_MEMORY_MIB = 256;

// An http(s) or file URL a LAVA worker can fetch DIR's artifacts from.
function checkBaseUrl(text: string): void {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`--base-url ${quote(text)} is not a URL`);
  }
  if (!['http:', 'https:', 'file:'].includes(u.protocol))
    throw new UsageError(`--base-url ${quote(text)}: only http, https and file URLs`);
}

const command: CommandModule<object, Args> = {
  command: 'lava',
  describe: 'Write LAVA jobs that run cases on other kernels',
  builder: (y) =>
    y
      .option('kernel', {
        type: 'string',
        array: true,
        demandOption: true,
        coerce: texts('kernel'),
        describe: 'as for matrix: debian:..., file:<bzImage>[:<modules dir>], build:<recipe>',
      })
      .option('case', {
        type: 'string',
        array: true,
        coerce: texts('case'),
        describe: 'case ids (default: all)',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        coerce: oneText('out'),
        describe: 'directory for the jobs, their artifacts and run-local.sh',
      })
      .option('base-url', {
        type: 'string',
        coerce: oneText('base-url'),
        describe: 'URL the LAVA worker fetches DIR from (default: file:// URLs of DIR)',
      })
      .option('accel', {
        type: 'string',
        coerce: oneOf('accel', ['kvm', 'tcg'] as const),
        defaultDescription: 'tcg',
        describe: "run-local.sh's qemu device: kvm or tcg",
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
        describe: `guest memory of run-local.sh's device, MiB (${MIN_MEMORY_MIB} to the host's)`,
      })
      .option('cpus', {
        type: 'string',
        coerce: wholeNumber('cpus', 1, 64),
        defaultDescription: '2',
        describe: "guest CPUs of run-local.sh's device (1 to 64)",
      })
      .example(
        '$0 lava --kernel debian:bookworm --case netflix-flush-on-exit --out lava-jobs',
        'then lava-jobs/run-local.sh, or lavacli jobs submit lava-jobs/debian_bookworm.yaml',
      ) as unknown as Argv<Args>,
  handler: async (argv) => {
    if (argv['base-url'] !== undefined) checkBaseUrl(argv['base-url']);
    const kernels = checkKernelsAndCases(argv.kernel, argv.case);
    checkOutputDir('out', argv.out);
    const accel = argv.accel ?? 'tcg';
    const jobs = await writeLavaJobs({
      kernels,
      cases: argv.case ?? [],
      outDir: argv.out,
      baseUrl: argv['base-url'],
      timeoutScale: argv['timeout-scale'] ?? (accel === 'tcg' ? 2 : 1),
      accel,
      memoryMiB: argv.memory ?? 2048,
      cpus: argv.cpus ?? 2,
      log: (m) => process.stderr.write(`${m}\n`),
    });
    for (const j of jobs) process.stdout.write(`${j}\n`);
  },
};
export default command;
