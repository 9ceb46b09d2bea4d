// What a `fusefault check` may leave on the machine, for tests to assert is
// nothing: FUSE mounts below a check work directory, tasks in D on them, and
// processes whose command line names one. The work directories are the
// case runner's (`fusefault-check-*` in the temp dir), so other tests' mounts
// on this machine are never counted.
import { readFileSync, readdirSync } from 'node:fs';
import { fuseMounts } from '../../../src/mount/mountinfo.js';
import { waitFor } from '../../fuse-helpers.js';

const OURS = /\/fusefault-check-[^/]*\//;

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function state(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] ?? '?';
  } catch {
    return '?';
  }
}

/** One line per leftover right now. */
export function leftNow(): string[] {
  const out = fuseMounts()
    .filter((m) => OURS.test(`${m.mountpoint}/`))
    .map((m) => `mount ${m.mountpoint} (${m.fstype})`);
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    const cmd = cmdline(pid);
    if (OURS.test(cmd) && !cmd.includes('tap'))
      out.push(`process ${pid} (${state(pid)}): ${cmd.slice(0, 120)}`);
  }
  return out;
}

/** Leftovers once the machine settled: empty as soon as nothing is left (at most 10 s). */
export async function leftAfterCheck(): Promise<string[]> {
  await waitFor(() => leftNow().length === 0, { timeoutMs: 10_000 }).catch(() => undefined);
  return leftNow();
}
