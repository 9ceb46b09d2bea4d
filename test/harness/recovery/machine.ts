// What the runner's tests check after every run: the fixture's FUSE mounts are
// gone, and the processes a case tracked are gone (none left in D).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** dist/test/fixtures/cases, for FUSEFAULT_CASES_DIR. */
export const FIXTURE_CASES = fileURLToPath(new URL('../../fixtures/cases/', import.meta.url));

/** Mountpoints of the fixture's file system type below dir (other runs of
 * these tests may have their own mounted at the same time). */
export function fixtureMounts(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => l.includes(' - fuse.fusefault-fixture '))
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`));
}

/** The work directory recovery removed, from its actions. */
export function removedDir(actions: readonly string[] = []): string {
  const dir = actions.map((a) => /^removed (.+)$/.exec(a)?.[1]).find((d) => d !== undefined);
  if (!dir) throw new Error(`no work directory removed: ${actions.join('; ')}`);
  return dir;
}

/** The state letter of pid, or undefined when it is gone. */
export function stateOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Parses the "stuck stat=N conn=N holder=N mnt=P" log line of the stuck-hang fixture. */
export function parseStuckLine(
  stderr: string,
): { stat: number; conn: number; holder: number; mnt: string } | undefined {
  const m = /stuck stat=(\d+) conn=(\d+) holder=(\d+) mnt=(\S+)/.exec(stderr);
  return m
    ? { stat: Number(m[1]), conn: Number(m[2]), holder: Number(m[3]), mnt: m[4] as string }
    : undefined;
}

/** Polls until f() is true; false after ms. */
export async function eventually(f: () => boolean, ms = 30_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (f()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return f();
}

/** True when pid has no live task left: reaped, or a zombie whose reaping is
 * up to its parent (init here reaps orphans lazily, about once a second). */
export function finished(pid: number): boolean {
  const s = stateOf(pid);
  if (s === undefined) return true;
  try {
    return readdirSync(`/proc/${pid}/task`).every((tid) => {
      const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return st.slice(st.lastIndexOf(')') + 2).split(' ')[0] === 'Z';
    });
  } catch {
    return true;
  }
}
