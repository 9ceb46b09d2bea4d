// The qemu-system-x86_64 command line of a guest run: serial console on
// stdio (-nographic), the result port (ttyS1) into a file, no NIC (saves the
// iPXE ROM), -no-reboot with panic=-1 so a guest panic ends qemu at once.
export type Accel = 'kvm' | 'tcg';

export interface QemuOptions {
  bzImage: string;
  initrd: string;
  /** where the guest's second serial port (the result frame) is written */
  resultFile: string;
  accel: Accel;
  memoryMiB?: number;
  cpus?: number;
  /** extra kernel command line words (fusefault.cases=..., fusefault.sysctl=...) */
  append?: string[];
}

export const QEMU = 'qemu-system-x86_64';

// Kernel command line: console on the first port, quiet boot (errors, oopses
// and hung-task reports still print), panic=-1 reboots at once, which
// -no-reboot turns into qemu exiting.
export function kernelCmdline(extra: string[] = []): string {
  return ['console=ttyS0', 'panic=-1', 'quiet', 'rdinit=/init', ...extra].join(' ');
}

// The argv after the program name.
export function qemuArgs(o: QemuOptions): string[] {
  const accel =
    o.accel === 'kvm'
      ? ['-accel', 'kvm', '-cpu', 'host']
      : ['-accel', 'tcg,thread=multi', '-cpu', 'max'];
  return [
    '-nographic',
    '-no-reboot',
    ...accel,
    '-m',
    String(o.memoryMiB ?? 2048),
    '-smp',
    String(o.cpus ?? 2),
    '-nic',
    'none',
    '-kernel',
    o.bzImage,
    '-initrd',
    o.initrd,
    '-append',
    kernelCmdline(o.append),
    '-serial',
    'mon:stdio',
    '-serial',
    `file:${o.resultFile}`,
  ];
}

export interface GuestJob {
  cases: string[];
  sysctls?: Record<string, string>;
  timeoutScale?: number;
  /** cases directory inside the guest, relative to the project (default dist/cases) */
  casesDir?: string;
}

// Words that carry the job into the guest's /init.
export function jobCmdline(job: GuestJob): string[] {
  const words = ['fusefault.vm', `fusefault.timeoutscale=${job.timeoutScale ?? 1}`];
  if (job.cases.length) words.push(`fusefault.cases=${job.cases.join(',')}`);
  if (job.casesDir) words.push(`fusefault.casesdir=${job.casesDir}`);
  const sysctls = job.sysctls ?? {};
  for (const [k, v] of Object.entries(sysctls)) words.push(`fusefault.sysctl=${k}=${v}`);
  return words;
}
