// Running `fusefault check` in tests with a temp directory of its own
// (TMPDIR: the case runner's work directory and state directory go there),
// and what it may leave on the machine, which must be nothing: FUSE mounts
// below that directory, and processes (in D or not) whose command line names
// it. Scoped to the directory, so other `check` runs on the machine are
// never counted.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { fuseMounts, mountsBelow, readMountinfoSync } from '../../../src/mount/mountinfo.js';
import { waitFor } from '../../fuse-helpers.js';
import { CLI } from '../../helpers.js';

const made: string[] = [];

// At the end of the test file: every directory checkTmp made, unless a mount
// is still below it (a leftover the test has already failed on; removing
// would stat into it), which stays for a look.
function removeMade(): void {
  const mounts = readMountinfoSync();
  for (const dir of made.splice(0)) {
    if (mountsBelow(dir, mounts).length === 0) rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh directory for one check run, removed when the test file ends. */
export function checkTmp(): string {
  if (made.length === 0) t.teardown(removeMade);
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-test-check-'));
  made.push(dir);
  return dir;
}

/** Runs `fusefault check ARGS` with TMPDIR=tmp, never throwing on a non-zero exit. */
export function runCheckIn(tmp: string, args: string[], timeout = 400_000) {
  return execa(process.execPath, [CLI, 'check', ...args], {
    reject: false,
    timeout,
    env: { ...process.env, TMPDIR: tmp },
  });
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** One line per leftover of the run in tmp, right now. */
export function leftNow(tmp: string): string[] {
  const below = (p: string) => p.startsWith(`${tmp}/`);
  const out = fuseMounts()
    .filter((m) => below(m.mountpoint))
    .map((m) => `mount ${m.mountpoint} (${m.fstype})`);
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    const cmd = read(`/proc/${pid}/cmdline`).replaceAll('\0', ' ');
    if (!cmd.includes(`${tmp}/`)) continue;
    const state = read(`/proc/${pid}/stat`).replace(/^.*\) /, '')[0] ?? '?';
    out.push(`process ${pid} (${state}): ${cmd.slice(0, 160)}`);
  }
  return out;
}

/** Leftovers once the machine settled: empty as soon as nothing is left (waits at most 15 s). */
export async function leftAfterCheck(tmp: string): Promise<string[]> {
  await waitFor(() => leftNow(tmp).length === 0, { timeoutMs: 15_000 }).catch(() => undefined);
  return leftNow(tmp);
}

interface CheckDoc {
  checks: { id: string; outcome: string; summary: string; evidence: { ops?: OpWord[] } }[];
}
interface OpWord {
  op: string;
  outcome: string;
}

/**
 * `fusefault check --fs FS --only ...` in a fresh directory, its JSON read:
 * a check's record by id, and its per-operation words.
 */
export async function check(fs: string, only: string[]) {
  const tmp = checkTmp();
  const json = join(tmp, 'check.json');
  const res = await runCheckIn(tmp, [
    '--fs',
    fs,
    '--json',
    json,
    ...only.flatMap((o) => ['--only', o]),
  ]);
  const doc = JSON.parse(readFileSync(json, 'utf8')) as CheckDoc;
  const byId = (id: string) => doc.checks.find((c) => c.id === id);
  const ops = (id: string) =>
    Object.fromEntries((byId(id)?.evidence.ops ?? []).map((w) => [w.op, w.outcome]));
  return { res, tmp, byId, ops };
}
