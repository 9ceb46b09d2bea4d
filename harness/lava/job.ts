// A LAVA job definition for one kernel (device type qemu, x86_64): deploy
// the kernel and fusefault's guest initramfs to tmpfs, with LAVA's test
// overlay appended to the cpio (no guestfs disk), boot with qemu to the
// guest's shell, run the test definition (testdef.ts).
import { LAVA_PROMPT } from '../vm/guest/init.js';
import { MARK } from '../vm/framing.js';
import { kernelCmdline } from '../vm/qemu.js';
import { testDefinition } from './testdef.js';
import type { YamlValue } from './yaml.js';

export interface JobInput {
  /** the kernel spec as given (debian:bookworm, file:..., build:...) */
  kernel: string;
  release: string;
  kernelUrl: string;
  ramdiskUrl: string;
  /** case ids; empty means every case */
  cases: string[];
  sysctls?: Record<string, string>;
  timeoutScale: number;
  /** what the cases may take in all, their timeouts times the scale plus slack */
  budgetMinutes: number;
}

// Kernel command line: the matrix's, with LAVA's shell instead of the run,
// and kernel messages below KERN_ERR kept off the console (hung-task reports
// would otherwise split the test shell's signal lines).
export function lavaCmdline(o: Pick<JobInput, 'sysctls' | 'timeoutScale'>): string {
  // loglevel=3 comes after kernelCmdline's quiet (4), and the last one counts
  const words = ['loglevel=3', 'fusefault.vm', 'fusefault.lava'];
  words.push(`fusefault.timeoutscale=${o.timeoutScale}`);
  for (const [k, v] of Object.entries(o.sysctls ?? {})) words.push(`fusefault.sysctl=${k}=${v}`);
  return kernelCmdline(words);
}

/** The job definition (to be written as YAML). */
export function lavaJob(o: JobInput): { [k: string]: YamlValue } {
  const cases = o.cases.length ? o.cases.join(' ') : 'all cases';
  return {
    device_type: 'qemu',
    job_name: `fusefault ${cases} on ${o.kernel}`,
    context: { arch: 'x86_64' },
    priority: 'medium',
    visibility: 'public',
    metadata: {
      'fusefault.kernel': o.kernel,
      'fusefault.release': o.release,
      'fusefault.cases': o.cases.length ? o.cases.join(',') : 'all',
      'fusefault.timeout-scale': String(o.timeoutScale),
    },
    timeouts: {
      job: { minutes: o.budgetMinutes + 20 },
      action: { minutes: 10 },
      connection: { minutes: 5 },
    },
    actions: [
      {
        deploy: {
          to: 'tmpfs',
          os: 'oe',
          timeout: { minutes: 5 },
          images: {
            kernel: { image_arg: `-kernel {kernel} -append "${lavaCmdline(o)}"`, url: o.kernelUrl },
            ramdisk: {
              image_arg: '-initrd {ramdisk}',
              url: o.ramdiskUrl,
              format: 'cpio.newc',
              overlays: { lava: true },
            },
          },
        },
      },
      {
        boot: {
          method: 'qemu',
          media: 'tmpfs',
          timeout: { minutes: 10 },
          // our init announces itself; the kernel's banner is below loglevel 3
          parameters: { 'kernel-start-message': MARK.init },
          prompts: [LAVA_PROMPT],
        },
      },
      {
        test: {
          timeout: { minutes: o.budgetMinutes },
          definitions: [testDefinition(o.cases, o.timeoutScale)],
        },
      },
    ],
  };
}
