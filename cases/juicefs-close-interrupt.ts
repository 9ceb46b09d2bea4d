// JuiceFS: a cp-like client blocked in close() on a FLUSH the server holds.
// FLUSH is forced (fuse_flush sets args.force), so request_wait_answer skips
// the killable wait: after the interruptible wait a signal only queues an
// INTERRUPT (the request was read) and the task then waits uninterruptibly.
// Whether SIGINT or SIGKILL ends close() therefore depends on the server:
// honour (answer EINTR), ignore (stay silent), or stopped (cannot even read
// the INTERRUPT). Each is run with SIGINT caught by the client (close()
// returns the error) and with SIGINT's default action (a group kill when
// sent), then SIGKILL, then the server is released or resumed.
import { startClient } from '../harness/clients/index.js';
import { startServer } from '../harness/process/server.js';
import type { CaseContext, CaseDef } from '../harness/runner/types.js';
import { describeRequest, tracedRequests } from './lib/evidence.js';
import { unmount } from './lib/free.js';
import { describeObserved, observe, type Observed } from './lib/observe.js';

const FRAMES = ['fuse_flush'];
type Variant = 'honour' | 'ignore' | 'stopped';

async function once(ctx: CaseContext, variant: Variant, sigint: 'caught' | 'default') {
  const policy = variant === 'ignore' ? 'ignore' : 'honour';
  const srv = await startServer(ctx, { faults: ['flush:stall', `interrupts:${policy}`] });
  const name = `/cp-${variant}-${sigint}`;
  const client = startClient(
    'write-close',
    ['--path', `${srv.mountpoint}${name}`, ...(sigint === 'caught' ? ['--catch-sigint'] : [])],
    { track: ctx },
  );
  const steps: Record<string, Observed & { said: string }> = {};
  const step = async (label: string, o: Observed) =>
    (steps[label] = { ...o, said: await describeObserved(o, client) });
  const blocked = await observe(client, 'close', FRAMES, { stableMs: 300, signal: ctx.signal });
  await step('close', blocked);
  if (blocked.kind.startsWith('blocked')) {
    if (variant === 'stopped') await srv.ctl({ cmd: 'stop', reason: 'case: server stopped' });
    client.kill('SIGINT');
    await step('SIGINT', await observe(client, 'close', FRAMES, { signal: ctx.signal }));
    if (steps.SIGINT!.kind.startsWith('blocked')) {
      client.kill('SIGKILL');
      await step('SIGKILL', await observe(client, 'close', FRAMES, { signal: ctx.signal }));
    }
    const last = steps.SIGKILL ?? steps.SIGINT!;
    if (last.kind.startsWith('blocked')) {
      const how = variant === 'stopped' ? 'resume' : 'release';
      await srv.ctl({ cmd: how });
      await step(how, await observe(client, 'close', FRAMES, { signal: ctx.signal }));
    }
  }
  const end = await Promise.race([client.done, new Promise((r) => setTimeout(r, 5000, null))]);
  await new Promise((r) => setTimeout(r, 200)); // the trace file is flushed every 100 ms
  const flush = tracedRequests(srv.events(), ['flush']).filter((r) => r.path === name);
  srv.proc.kill('SIGTERM');
  await Promise.race([srv.proc, new Promise((r) => setTimeout(r, 5000))]);
  await unmount(srv.mountpoint);
  const said = Object.entries(steps).map(([k, o]) => `${k}: ${o.said}`);
  // freed by a signal: SIGINT or SIGKILL ended close() before any help from the server
  const killable = [steps.SIGINT, steps.SIGKILL].some(
    (o) => o && !o.kind.startsWith('blocked') && o.kind !== 'undecided',
  );
  return {
    variant,
    sigint,
    faults: ['flush:stall', `interrupts:${policy}`],
    killable,
    said,
    steps,
    clientReports: client.reports.filter((r) => !r.enter),
    clientEnd: end,
    flushInTrace: flush.map(describeRequest),
  };
}

const def: CaseDef = {
  title: 'close() blocked on a held FLUSH: what SIGINT and SIGKILL do per interrupt policy',
  requires: { root: true, fuse: true },
  timeoutMs: 300_000,
  outcomes: ['only-honoured-interrupt-frees', 'all-killable', 'none-killable', 'mixed'],
  // the hang a user sees is a close() that outlives SIGKILL: affected when any
  // run's close() did (today's forced FLUSH, by design of request_wait_answer),
  // fixed only when a fatal signal ends every one of them
  regress: {
    affected: ['only-honoured-interrupt-frees', 'none-killable', 'mixed'],
    fixed: ['all-killable'],
  },
  async run(ctx) {
    const runs: Awaited<ReturnType<typeof once>>[] = [];
    for (const variant of ['honour', 'ignore', 'stopped'] as const)
      for (const sigint of ['caught', 'default'] as const)
        runs.push(await once(ctx, variant, sigint));
    const killable = (v: Variant) => runs.filter((r) => r.variant === v).every((r) => r.killable);
    const none = (v: Variant) => runs.filter((r) => r.variant === v).every((r) => !r.killable);
    const outcome =
      killable('honour') && none('ignore') && none('stopped')
        ? 'only-honoured-interrupt-frees'
        : runs.every((r) => r.killable)
          ? 'all-killable'
          : runs.every((r) => !r.killable)
            ? 'none-killable'
            : 'mixed';
    const summary = runs
      .map((r) => `${r.variant}/${r.sigint}: ${r.said.slice(1).join(', ')}`)
      .join('; ');
    return { outcome, summary, evidence: { runs } };
  },
};
export default def;
