// The kernel matrix: every case on every kernel, each kernel in its own
// guest, a few kernels at a time. Fetching, building and booting problems
// become rows (KERNEL-UNAVAILABLE, BOOT-FAILED, PANIC, TIMEOUT), never a
// crash of the whole run.
import path from 'node:path';
import { caseIds, casesDir, loadCases } from '../runner/discover.js';
import { chooseAccel } from './accel.js';
import { guestImage, PROJECT_ROOT } from './guest/image.js';
import { resolveKernel } from './kernel.js';
import type { Accel } from './qemu.js';
import { kernelRecords, unavailableRecords, type MatrixRecord } from './records.js';
import type { KernelSummary } from './report.js';
import type { KernelSpec } from './spec.js';
import { runOnKernel } from './vmrun.js';

export interface MatrixOptions {
  kernels: KernelSpec[];
  /** case ids; empty means every case */
  cases: string[];
  parallel?: number;
  accel?: Accel;
  retries?: number;
  /** multiplies case timeouts in the guest (default 2 under TCG, 1 with KVM) */
  timeoutScale?: number;
  memoryMiB?: number;
  cpus?: number;
  /** a directory for one console log per kernel */
  logDir?: string;
  log: (msg: string) => void;
  onGuestLine?: (kernel: string, line: string) => void;
}

export interface MatrixResult {
  startedAt: string;
  accel: Accel | null;
  cases: string[];
  kernels: KernelSummary[];
  records: MatrixRecord[];
}

// The guest's cases directory, relative to the project, when the host uses another one.
function guestCasesDir(): string | undefined {
  const rel = path.relative(PROJECT_ROOT, casesDir());
  return rel === path.join('dist', 'cases') || rel.startsWith('..') ? undefined : rel;
}

// Milliseconds the cases may take in the guest: their own timeouts plus recovery slack.
export async function runBudgetMs(ids: string[], scale: number): Promise<number> {
  const defs = await loadCases(ids).catch(() => []);
  const known = new Map(defs.map((d) => [d.id, d.def.timeoutMs]));
  const per = ids.map((id) => (known.get(id) ?? 120_000) + 30_000);
  return per.reduce((a, b) => a + b, 60_000) * scale;
}

// Runs the matrix and returns every record.
export async function runMatrix(o: MatrixOptions): Promise<MatrixResult> {
  const startedAt = new Date().toISOString();
  const ids = o.cases.length ? o.cases : caseIds();
  let accel: Promise<Accel> | undefined;
  const kernels: KernelSummary[] = [];
  const records: MatrixRecord[][] = o.kernels.map(() => []);
  const one = async (spec: KernelSpec, index: number) => {
    const t0 = Date.now();
    const log = (m: string) => o.log(`[${spec.text}] ${m}`);
    try {
      const k = await resolveKernel(spec, { log });
      log(`kernel ${k.release}: ${k.bzImage}`);
      const initrd = await guestImage(k, { log });
      accel ??= chooseAccel(k.bzImage, { force: o.accel, log: o.log });
      const a = await accel;
      const scale = o.timeoutScale ?? (a === 'tcg' ? 2 : 1);
      log(`booting (${a}, cases: ${ids.join(' ') || 'all'})`);
      const run = await runOnKernel({
        bzImage: k.bzImage,
        initrd,
        accel: a,
        job: {
          cases: o.cases,
          sysctls: spec.sysctls,
          timeoutScale: scale,
          casesDir: guestCasesDir(),
        },
        bootTimeoutMs: (a === 'tcg' ? 120_000 : 40_000) * Math.max(1, o.parallel ?? 1),
        runBudgetMs: await runBudgetMs(ids, scale),
        retries: o.retries ?? 2,
        memoryMiB: o.memoryMiB,
        cpus: o.cpus,
        consoleLog: o.logDir ? path.join(o.logDir, `${slug(spec.text)}.console.log`) : undefined,
        log,
        onLine: (line) => o.onGuestLine?.(spec.text, line),
      });
      const wallMs = Date.now() - t0;
      log(`done in ${(wallMs / 1000).toFixed(1)} s: ${run.status} (${run.reason})`);
      records[index] = kernelRecords(spec.text, run, ids);
      kernels.push({
        kernel: spec.text,
        release: run.result?.kernel.release ?? run.release ?? null,
        accel: a,
        boots: run.attempts.length,
        attempts: run.attempts,
        wallMs,
        status: run.status,
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      log(`unavailable: ${why}`);
      records[index] = unavailableRecords(spec.text, why, ids);
      kernels.push({
        kernel: spec.text,
        release: null,
        boots: 0,
        wallMs: Date.now() - t0,
        status: 'unavailable',
      });
    }
  };
  await pool(o.kernels, Math.max(1, o.parallel ?? 1), one);
  const order = new Map(o.kernels.map((k, i) => [k.text, i]));
  kernels.sort((a, b) => order.get(a.kernel)! - order.get(b.kernel)!);
  return {
    startedAt,
    accel: accel ? await accel : null,
    cases: ids,
    kernels,
    records: records.flat(),
  };
}

// A file-name-safe form of a spec.
export function slug(spec: string): string {
  return spec.replace(/[^A-Za-z0-9.+-]+/g, '_');
}

async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}
