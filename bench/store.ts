// What storing a new file costs a Node server with no FUSE in the way: MemFs's
// own FileData written 1 MiB at a time in a process of its own, its CPU time
// per MiB. On a VM where the first touch of fresh memory is dear (a page fault
// per 4 KiB) this is nearly all of what a Node backend spends on a new-file
// write, so it bounds what the engine can gain there over fuse-native: even an
// engine that cost nothing would take this much per MiB.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { FileData } from '../src/fs/data.js';
import { median, ratios } from './paired.js';

const SELF = fileURLToPath(import.meta.url);
const MIB = 1 << 20;

// in the child: MIB MiB written to a new FileData; prints user+system CPU us per MiB
function storeInChild(mib: number): void {
  const block = Buffer.alloc(MIB, 1);
  const file = new FileData();
  const c0 = process.cpuUsage();
  for (let i = 0; i < mib; i++) file.write(i * MIB, block);
  const c = process.cpuUsage(c0);
  process.stdout.write(`${(c.user + c.system) / mib}\n`);
}

/** CPU us per MiB of storing MIB MiB in a fresh FileData, in a fresh node process. */
export async function storeUsPerMiB(mib: number): Promise<number> {
  const r = await execa(process.execPath, [SELF, 'child', String(mib)]);
  const us = Number(r.stdout.trim());
  if (!(us > 0)) throw new Error(`store: no figure from the child: ${r.stdout.trim()}`);
  return us;
}

/**
 * The line under the goals: the storage's CPU per MiB (the median of the
 * rounds'), and each Node backend's CPU per MiB written as a multiple of it,
 * round by round (the median of the rounds' ratios). A backend at 1x spends
 * nothing on a new-file write beyond storing it. Undefined with no round.
 */
export function storeLine(store: number[], raw: number[], fn: number[]): string | undefined {
  const n = Math.min(store.length, raw.length, fn.length);
  if (n === 0) return undefined;
  const times = (w: number[]) => median(ratios(w.slice(0, n), store.slice(0, n))).toFixed(2);
  return `write (new file): storing it in MemFs alone, without FUSE, takes ${median(store.slice(0, n)).toFixed(0)} us of CPU per MiB; raw's whole write takes ${times(raw)}x that, fuse-native's ${times(fn)}x`;
}

if (process.argv[2] === 'child') storeInChild(Number(process.argv[3]));
