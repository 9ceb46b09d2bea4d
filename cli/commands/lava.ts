// `fusefault lava --kernel SPEC... --case ID... --out DIR`: LAVA job
// definitions (device type qemu, x86_64), one per kernel, with the kernel and
// the matrix's guest initramfs under DIR/artifacts/, plus DIR/run-local.sh to
// run one with Debian's lava-dispatcher on this machine. 2 for a mistake in
// the arguments, found before anything is fetched, built or written.
import type { Argv, CommandModule } from 'yargs';
import { writeLavaJobs } from '../../harness/lava/write.js';
import { quote, UsageError } from '../../src/errors.js';
import { oneOf, oneText } from '../check.js';
import { checkKernelsAndCases, checkOutputDir, guestOptions, type GuestArgs } from '../vm-args.js';

interface Args extends GuestArgs {
  out: string;
  'base-url'?: string;
  accel?: 'kvm' | 'tcg';
}

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
    guestOptions(y, "run-local.sh's device")
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
