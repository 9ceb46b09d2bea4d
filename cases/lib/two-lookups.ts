// Two lookups in one directory of a stopped server. Without
// FUSE_PARALLEL_DIROPS, fuse_lookup serialises lookups per directory
// (fuse_lock_inode takes the directory's fuse_inode mutex), so the second
// client waits on that mutex, not on a request: mutex_lock is not killable,
// so SIGKILL cannot end it while the first request is pending. Measured:
// where each waits, what SIGKILL to the second does, then SIGKILL to the
// first (its queued request is withdrawn), then resume.
import { startClient } from '../../harness/clients/index.js';
import { startServer } from '../../harness/process/server.js';
import type { CaseContext } from '../../harness/runner/types.js';
import { stopServer } from '../../harness/process/free.js';
import { within } from '../../harness/within.js';
import { describeObserved, observe } from '../../harness/clients/observe.js';

const FRAMES = ['fuse_lookup'];

/** Runs the two-lookup variant against a fresh server stopped with `ctl stop`. */
export async function twoLookups(ctx: CaseContext): Promise<Record<string, unknown>> {
  // the server checks permissions: with default_permissions the path walk's
  // fuse_permission(dir, MAY_EXEC) finds the directory's attributes stale (never
  // cached) and sends GETATTR first (fuse_perm_getattr), outside the directory
  // mutex, so both clients would wait on that GETATTR and never reach fuse_lookup
  const srv = await startServer(ctx, { serverPermissions: true });
  await srv.ctl({ cmd: 'stop', reason: 'case: two lookups' });
  const start = (name: string) =>
    startClient('stat-loop', ['--path', `${srv.mountpoint}/${name}`, '--count', '1'], {
      track: ctx,
    });
  const first = start('first');
  const a = await observe(first, 'stat#0', FRAMES, { stableMs: 300, signal: ctx.signal });
  const second = start('second');
  const b = await observe(second, 'stat#0', FRAMES, { stableMs: 300, signal: ctx.signal });
  const said: string[] = [
    `first: ${await describeObserved(a, first)}`,
    `second: ${await describeObserved(b, second)}`,
  ];
  second.kill('SIGKILL');
  const bKill = await observe(second, 'stat#0', FRAMES, { signal: ctx.signal });
  said.push(`SIGKILL second: ${await describeObserved(bKill, second)}`);
  first.kill('SIGKILL');
  const aKill = await observe(first, 'stat#0', FRAMES, { signal: ctx.signal });
  const bAfter = await observe(second, 'stat#0', FRAMES, { signal: ctx.signal });
  said.push(
    `SIGKILL first: first ${await describeObserved(aKill, first)}, second ${await describeObserved(bAfter, second)}`,
  );
  await srv.ctl({ cmd: 'resume' });
  await within(Promise.all([first.done, second.done]), 5000);
  const parallel = srv.events().find((e) => e.ev === 'init');
  await stopServer(srv);
  return {
    variant: 'two-lookups',
    said,
    firstWaitedOn: a.task?.stack ?? null,
    secondWaitedOn: b.task?.stack ?? null,
    secondUnkillableAlone: bKill.kind.startsWith('blocked'),
    init: parallel,
  };
}
