// Wall-clock time with nanoseconds, as the kernel keeps it in inode times.
import type { Timespec } from './types.js';

// Date.now() has only ms; hrtime has ns but no epoch: anchor one to the other once.
const anchorNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** The current time as a Timespec with nanoseconds. */
export function now(): Timespec {
  const ns = anchorNs + process.hrtime.bigint();
  return { sec: ns / 1_000_000_000n, nsec: Number(ns % 1_000_000_000n) };
}

/** A Timespec from milliseconds since the epoch (fractions kept as ns). */
export function fromMs(ms: number): Timespec {
  const sec = Math.floor(ms / 1000);
  return { sec: BigInt(sec), nsec: Math.round((ms - sec * 1000) * 1e6) % 1_000_000_000 };
}

/** Milliseconds since the epoch, for APIs that speak Date. */
export function toMs(t: Timespec): number {
  return Number(t.sec) * 1000 + t.nsec / 1e6;
}
