// `fusefault lava`'s work: for each kernel, fetch or build it as the matrix
// does, build its guest initramfs, put both under DIR/artifacts/ (hard links
// into the cache where possible) and write DIR/<kernel>.yaml, the job; then
// the device dictionary and run-local.sh for a run on this machine.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { caseIds } from '../runner/discover.js';
import { guestImage } from '../vm/guest/image.js';
import { resolveKernel } from '../vm/kernel.js';
import { makeDir } from '../vm/make-dir.js';
import { runBudgetMs, slug } from '../vm/matrix.js';
import type { Accel } from '../vm/qemu.js';
import type { KernelSpec } from '../vm/spec.js';
import { deviceDictionary } from './device.js';
import { lavaJob } from './job.js';
import { DEVICE_DICT, runLocalScript } from './run-local.js';
import { toYaml } from './yaml.js';

export interface LavaWriteOptions {
  kernels: KernelSpec[];
  /** case ids; empty means every case */
  cases: string[];
  outDir: string;
  /** where a LAVA server will fetch DIR from (http://host/path); default file:// URLs */
  baseUrl?: string;
  timeoutScale: number;
  accel: Accel;
  memoryMiB: number;
  cpus: number;
  log: (msg: string) => void;
}

// FILE at DIR/REL: a hard link when both are on one filesystem, else a copy.
function place(file: string, dir: string, rel: string): string {
  const dest = path.join(dir, rel);
  makeDir(path.dirname(dest));
  fs.rmSync(dest, { force: true });
  try {
    fs.linkSync(file, dest);
  } catch {
    fs.copyFileSync(file, dest);
  }
  return dest;
}

/** Writes every job; returns their paths. */
export async function writeLavaJobs(o: LavaWriteOptions): Promise<string[]> {
  const dir = path.resolve(o.outDir);
  makeDir(dir);
  const url = (rel: string) =>
    o.baseUrl ? `${o.baseUrl.replace(/\/+$/, '')}/${rel}` : pathToFileURL(path.join(dir, rel)).href;
  const ids = o.cases.length ? o.cases : caseIds();
  const budgetMinutes = Math.ceil((await runBudgetMs(ids, o.timeoutScale)) / 60_000);
  const jobs: string[] = [];
  for (const spec of o.kernels) {
    const log = (m: string) => o.log(`[${spec.text}] ${m}`);
    const k = await resolveKernel(spec, { log });
    const initrd = await guestImage(k, { log });
    const base = `artifacts/${slug(spec.text)}`;
    const kernelRel = `${base}/${path.basename(k.bzImage)}`;
    const ramdiskRel = `${base}/${path.basename(initrd)}`;
    place(k.bzImage, dir, kernelRel);
    place(initrd, dir, ramdiskRel);
    const job = lavaJob({
      kernel: spec.text,
      release: k.release,
      kernelUrl: url(kernelRel),
      ramdiskUrl: url(ramdiskRel),
      cases: o.cases,
      sysctls: spec.sysctls,
      timeoutScale: o.timeoutScale,
      budgetMinutes,
    });
    const file = path.join(dir, `${slug(spec.text)}.yaml`);
    fs.writeFileSync(file, toYaml(job));
    log(`job ${file} (kernel ${k.release})`);
    jobs.push(file);
  }
  makeDir(path.join(dir, path.dirname(DEVICE_DICT)));
  fs.writeFileSync(path.join(dir, DEVICE_DICT), deviceDictionary(o));
  fs.writeFileSync(path.join(dir, 'run-local.sh'), runLocalScript(path.basename(jobs[0]!)), {
    mode: 0o755,
  });
  return jobs;
}
