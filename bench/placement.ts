// Where the two sides of the stat loop ran. With the CPUs contended, a round
// trip is cheap when the kernel keeps the client and the server's serving
// thread on one CPU (the reply's wake-up hands that CPU straight over) and
// costs far more when every wake-up crosses CPUs and must wait for, or
// preempt, a busy loop there. The scheduler decides which, not the server: the
// bench samples it, so that a slow round can be told from a slow server.
import { readFileSync } from 'node:fs';
import { parseStat } from '../harness/proc/stat.js';
import { statRate } from './clients.js';
import { threadTimes } from './cpu.js';

/** A share of samples as a percentage, '-' for none (NaN or undefined: no sample). */
export const shareText = (share: number | undefined): string =>
  share === undefined || Number.isNaN(share) ? '-' : `${Math.round(share * 100)}%`;

/** One thread of the server at one sample. */
export interface ThreadSample {
  tid: number;
  /** time on a CPU so far, ns (schedstat's first field) */
  runNs: number;
  /** the CPU it last ran on */
  cpu: number;
}

/**
 * The thread that ran the most since the previous sample (PREV: each tid's
 * runNs then): the one serving the client in that interval. undefined when
 * none ran.
 */
export function busiest(prev: Map<number, number>, now: ThreadSample[]): ThreadSample | undefined {
  let best: ThreadSample | undefined;
  let most = 0;
  for (const t of now) {
    const ran = t.runNs - (prev.get(t.tid) ?? t.runNs);
    if (ran > most) [best, most] = [t, ran];
  }
  return best;
}

const threadsOf = (pid: number): ThreadSample[] =>
  threadTimes(pid).map((t) => ({ tid: t.tid, runNs: t.runNs, cpu: t.stat.processor }));

/**
 * Samples every EVERY ms whether CLIENT is on the CPU where SERVER's busiest
 * thread last ran; the returned function stops and gives the share of samples
 * where it was (NaN with no sample: a loop shorter than one interval).
 */
export function samplePlacement(client: number, server: number, every = 50): () => number {
  let prev = new Map<number, number>();
  let together = 0;
  let samples = 0;
  const timer = setInterval(() => {
    try {
      const now = threadsOf(server);
      const serving = busiest(prev, now);
      prev = new Map(now.map((t) => [t.tid, t.runNs]));
      const cpu = parseStat(readFileSync(`/proc/${client}/stat`, 'utf8')).processor;
      if (!serving) return;
      samples++;
      if (serving.cpu === cpu) together++;
    } catch {
      // the client or the server is gone: the phase is ending
    }
  }, every);
  return () => {
    clearInterval(timer);
    return together / samples;
  };
}

/**
 * statRate (clients.ts) against SERVER, with the share of samples in which the
 * client ran beside the server's serving thread (samplePlacement).
 */
export async function statWithPlacement(
  statLoop: string,
  path: string,
  secs: number,
  server: number,
): Promise<{ calls: number; secs: number; rate: number; together: number }> {
  let stop = () => NaN;
  const r = await statRate(statLoop, path, secs, (client) => {
    stop = samplePlacement(client, server);
  });
  return { ...r, together: stop() };
}
