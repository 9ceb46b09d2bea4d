// recover(state): give the machine back after a case, whatever happened to it.
// The order matters: FUSE connections are aborted before anything is killed,
// because a task in request_wait_answer() after a forced request (FLUSH from
// do_exit -> filp_close) ignores SIGKILL; fuse_abort_conn() ends the request
// and lets it die. Unmounting comes after killing so no new request starts.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecoveryReport } from '../runner/types.js';
import { abortConnection, ensureFusectl, FUSECTL_DIR } from '../../src/mount/fusectl.js';
import { mounts, statOf } from './procfs.js';
import { loadState, type RunState } from './state.js';
import { isDead, pendingProcesses, runMounts, runProcesses, scopeOf, type Scope } from './scope.js';
import { leftovers } from './check.js';

const errText = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

function killQuiet(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

// The case child writes the case state; once it has SIGKILL pending it runs
// no more JavaScript, so the state read after this is final.
function stopWriter(scope: Scope, actions: string[]): void {
  const c = scope.child;
  const st = c && statOf(c.pid);
  if (c && st && st.startTime === c.start && !isDead(c.pid) && killQuiet(c.pid)) {
    actions.push(`killed case child ${c.pid}`);
  }
}

function restoreSysctls(scope: Scope, actions: string[], problems: string[]): void {
  // the first recorded old value is the original; undo in reverse order
  for (const { path, old } of [...scope.sysctls].reverse()) {
    try {
      writeFileSync(path, old);
      actions.push(`restored ${path} to ${old}`);
    } catch (e) {
      problems.push(`could not restore ${path} to ${old}: ${errText(e)}`);
    }
  }
}

async function abortConnections(
  scope: Scope,
  actions: string[],
  problems: string[],
): Promise<number[]> {
  const ours = runMounts(scope, { fuseOnly: true }).map((m) => m.conn);
  // connection numbers are reused (anonymous minors); a tracked number now
  // mounted elsewhere in this namespace belongs to someone else
  const elsewhere = new Set(
    mounts()
      .filter((m) => m.fuse && !ours.includes(m.conn))
      .map((m) => m.conn),
  );
  const conns = new Set([...scope.connections.filter((c) => !elsewhere.has(c)), ...ours]);
  if (conns.size === 0) return [];
  try {
    if (await ensureFusectl()) actions.push(`mounted fusectl on ${FUSECTL_DIR}`);
  } catch (e) {
    problems.push(`could not mount fusectl: ${errText(e)}`);
    return [...conns];
  }
  for (const conn of conns) {
    // a connection that is gone (its last /dev/fuse fd closed) needs nothing
    if (!existsSync(`${FUSECTL_DIR}/${conn}`)) continue;
    try {
      await abortConnection(conn);
      actions.push(`aborted conn ${conn}`);
    } catch (e) {
      problems.push(`could not abort conn ${conn}: ${errText(e)}`);
    }
  }
  return [...conns];
}

function killAll(scope: Scope, actions: string[]): number {
  const live = runProcesses(scope).filter((p) => !isDead(p.pid));
  // each process first, so every one is in the report: after its group's kill
  // a process may already be reaped, and its own kill fail with ESRCH
  for (const p of live) if (killQuiet(p.pid)) actions.push(`killed ${p.pid} (${p.stat.comm})`);
  for (const g of scope.groups) if (live.some((p) => p.stat.pgrp === g)) killQuiet(-g);
  return live.length;
}

function unmountAll(scope: Scope, actions: string[], problems: string[]): void {
  // deepest first, and again while a mountpoint still shows (stacked mounts)
  for (let round = 0; round < 4; round++) {
    const ms = runMounts(scope, { fuseOnly: false }).sort(
      (a, b) => b.mountpoint.length - a.mountpoint.length,
    );
    if (ms.length === 0) return;
    for (const m of ms) {
      try {
        // -c: no realpath(), which would stat the mount root and could wait on the server
        execFileSync('umount', ['-l', '-c', m.mountpoint], { stdio: 'ignore' });
        actions.push(`lazy-unmounted ${m.mountpoint} (${m.fstype})`);
      } catch (e) {
        if (round === 3) problems.push(`could not unmount ${m.mountpoint}: ${errText(e)}`);
      }
    }
  }
}

async function waitReaped(scope: Scope, actions: string[], waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
    if (pendingProcesses(scope).length === 0) return;
    killAll(scope, actions); // a process forked while the last round ran
    await sleep(delay);
  }
}

function removeWorkdirs(scope: Scope, actions: string[], problems: string[]): void {
  for (const dir of scope.workdirs) {
    // rm would walk into a mount left below dir, and block on a dead server
    if (runMounts({ ...scope, mounts: [], workdirs: [dir] }, { fuseOnly: false }).length > 0) {
      problems.push(`kept ${dir}: a mount is still below it`);
      continue;
    }
    try {
      rmSync(dir, { recursive: true, force: true });
      actions.push(`removed ${dir}`);
    } catch (e) {
      problems.push(`could not remove ${dir}: ${errText(e)}`);
    }
  }
}

/** Undoes everything state records, then checks the machine; waitMs bounds the wait for reaping. */
export async function recover(state: RunState, { waitMs = 5000 } = {}): Promise<RecoveryReport> {
  const actions: string[] = [];
  const problems: string[] = [];
  // the files are the truth; read again once the writer is stopped, as it
  // may have tracked more since state was loaded
  const fresh = () => (existsSync(state.dir) ? loadState(state.dir) : state);
  stopWriter(scopeOf(fresh()), actions);
  const scope = scopeOf(fresh());
  restoreSysctls(scope, actions, problems);
  const conns = await abortConnections(scope, actions, problems);
  killAll(scope, actions);
  unmountAll(scope, actions, problems);
  await waitReaped(scope, actions, waitMs);
  removeWorkdirs(scope, actions, problems);
  const baseline = fresh().runner?.baselineStuck ?? [];
  const left = [...problems, ...(await leftovers(scope, { baseline, conns }))];
  return { clean: left.length === 0, actions: [...new Set(actions)], leftovers: left };
}
