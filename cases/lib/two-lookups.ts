// Two lookups in one directory of a stopped server. Without
// FUSE_PARALLEL_DIROPS, fuse_lookup serialises lookups per directory
// (fuse_lock_inode takes the directory's fuse_inode mutex), so the second
// client waits on that mutex, not on a request: mutex_lock is not killable,
// so SIGKILL cannot end it while the first request is pending. Measured:
// where each waits, what SIGKILL to the second does, then SIGKILL to the
// first (its queued request is withdrawn), then resume.
import {
  lineOf,
  lookAt,
  startClient,
  startServer,
  stopServer,
  within,
  type CaseContext,
  type ClientHandle,
  type Look,
  type Step,
} from '../../harness/case-api.js';

const FRAMES = ['fuse_lookup'];

/** Runs the two-lookup variant against a fresh server stopped with `ctl stop`. */
export async function twoLookups(ctx: CaseContext, step: Step): Promise<Record<string, unknown>> {
  // the server checks permissions: with default_permissions the path walk's
  // fuse_permission(dir, MAY_EXEC) finds the directory's attributes stale (never
  // cached) and sends GETATTR first (fuse_perm_getattr), outside the directory
  // mutex, so both clients would wait on that GETATTR and never reach fuse_lookup
  const srv = await step(
    'start a server that checks permissions itself, and stop its reading',
    { say: 'a LOOKUP will stay queued', result: (s) => `connection ${s.conn}` },
    async () => {
      const srv = await startServer(ctx, { serverPermissions: true });
      await srv.ctl({ cmd: 'stop', reason: 'case: two lookups' });
      return srv;
    },
  );
  const clients: Record<string, ClientHandle> = {};
  const look = (name: string) => lookAt(clients[name]!, 'stat#0', FRAMES, { signal: ctx.signal });
  const told = (name: string) => ({
    watch: () => [clients[name]!.pid],
    result: (o: Look) => lineOf(name, o),
  });
  const start = (name: string, say: string) =>
    step(`${name} stats /${name}`, { say, ...told(name) }, () => {
      const args = ['--path', `${srv.mountpoint}/${name}`, '--count', '1'];
      clients[name] = startClient('stat-loop', args, { track: ctx });
      return lookAt(clients[name], 'stat#0', FRAMES, { stableMs: 300, signal: ctx.signal });
    });
  const a = await start('first', 'its LOOKUP is queued; it holds the directory mutex');
  const b = await start('second', 'fuse_lock_inode: it waits on the mutex, not on a request');
  const said: string[] = [`first: ${a.said}`, `second: ${b.said}`];
  const bKill = await step(
    'send SIGKILL to second',
    { say: 'mutex_lock is not killable: second stays', ...told('second') },
    () => {
      clients.second!.kill('SIGKILL');
      return look('second');
    },
  );
  said.push(`SIGKILL second: ${bKill.said}`);
  const [aKill, bAfter] = await step(
    'send SIGKILL to first',
    {
      say: 'its queued LOOKUP is withdrawn: it dies, the mutex is free, second dies too',
      watch: () => [clients.first!.pid, clients.second!.pid],
      result: ([x, y]) => `${lineOf('first', x)}; ${lineOf('second', y)}`,
    },
    async () => {
      clients.first!.kill('SIGKILL');
      return [await look('first'), await look('second')] as const;
    },
  );
  said.push(`SIGKILL first: first ${aKill.said}, second ${bAfter.said}`);
  await step('resume the server', {}, async () => {
    await srv.ctl({ cmd: 'resume' });
    await within(Promise.all([clients.first!.done, clients.second!.done]), 5000);
  });
  const parallel = srv.events().find((e) => e.ev === 'init');
  await step('stop the server', {}, () => stopServer(srv));
  return {
    variant: 'two-lookups',
    said,
    firstWaitedOn: a.task?.stack ?? null,
    secondWaitedOn: b.task?.stack ?? null,
    secondUnkillableAlone: bKill.kind.startsWith('blocked'),
    init: parallel,
  };
}
