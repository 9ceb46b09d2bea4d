// One kernel, one boot (or a few): boots the guest image with the job on the
// kernel command line, retries a boot that crashed or hung before init (qemu
// 7.2's TCG crashes some 6.12/7.x guests at boot, about one boot in eight),
// and returns the guest's RunResult or why there is none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunResult } from '../runner/types.js';
import { runGuest, type GuestRun, type GuestStatus } from './guest-run.js';
import { TapSalvage, type SalvagedCase } from './tap-salvage.js';
import { QEMU, jobCmdline, qemuArgs, type Accel, type GuestJob } from './qemu.js';

export interface VmRunOptions {
  bzImage: string;
  initrd: string;
  accel: Accel;
  job: GuestJob;
  /** boot allowance: init must start within it */
  bootTimeoutMs: number;
  /** everything after boot: the cases' own timeouts plus slack */
  runBudgetMs: number;
  /** further boots allowed after a boot crash */
  retries: number;
  memoryMiB?: number;
  cpus?: number;
  /** every console line goes here (appended), for the user to read later */
  consoleLog?: string;
  log: (msg: string) => void;
  onLine?: (line: string) => void;
  /** what to run instead of qemu (tests): gets the qemu argv */
  command?: { file: string; args: (qemuArgv: string[]) => string[] };
}

export interface Attempt {
  status: GuestStatus;
  reason: string;
  wallMs: number;
  initMs?: number;
}

export interface VmRun {
  status: GuestStatus;
  reason: string;
  /** the guest's uname -r, from its init marker */
  release?: string;
  result?: RunResult;
  /** cases the guest reported on its console before it died (no result) */
  finished: SalvagedCase[];
  attempts: Attempt[];
  tail: string[];
  wallMs: number;
}

// Boots until a guest gets past init or the retries run out.
export async function runOnKernel(o: VmRunOptions): Promise<VmRun> {
  const t0 = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-vm-'));
  const attempts: Attempt[] = [];
  const logStream = o.consoleLog ? fs.createWriteStream(o.consoleLog, { flags: 'a' }) : undefined;
  try {
    for (let i = 0; ; i++) {
      const resultFile = path.join(dir, `result-${i}`);
      const argv = qemuArgs({
        bzImage: o.bzImage,
        initrd: o.initrd,
        resultFile,
        accel: o.accel,
        memoryMiB: o.memoryMiB,
        cpus: o.cpus,
        append: jobCmdline(o.job),
      });
      const salvage = new TapSalvage();
      logStream?.write(`=== boot ${i + 1}: ${QEMU} ${argv.join(' ')}\n`);
      const r: GuestRun = await runGuest({
        file: o.command?.file ?? QEMU,
        args: o.command ? o.command.args(argv) : argv,
        resultFile,
        bootTimeoutMs: o.bootTimeoutMs,
        timeoutMs: o.bootTimeoutMs + o.runBudgetMs,
        onLine: (line) => {
          logStream?.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}] ${line}\n`);
          salvage.push(line);
          o.onLine?.(line);
        },
      });
      attempts.push({ status: r.status, reason: r.reason, wallMs: r.wallMs, initMs: r.initMs });
      if (r.bootCrash && i < o.retries) {
        o.log(`boot ${i + 1} failed (${r.status}: ${r.reason}); booting again`);
        continue;
      }
      const done = {
        attempts,
        tail: r.tail,
        wallMs: Date.now() - t0,
        release: r.console.release,
        finished: [...salvage.cases.values()],
      };
      if (r.status !== 'ok' || !r.payload) return { ...done, status: r.status, reason: r.reason };
      try {
        const result = JSON.parse(r.payload.toString('utf8')) as RunResult;
        return { ...done, status: 'ok', reason: r.reason, result };
      } catch (err) {
        return { ...done, status: 'no-result', reason: `result is not JSON: ${String(err)}` };
      }
    }
  } finally {
    if (logStream) await new Promise<void>((resolve) => logStream.end(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
