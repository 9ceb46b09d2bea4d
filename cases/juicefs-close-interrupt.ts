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
import { defineCase, type CaseContext } from '../harness/runner/types.js';
import { describeRequest, tracedRequests } from '../harness/evidence.js';
import { stopServer } from '../harness/process/free.js';
import { within } from '../harness/within.js';
import {
  describeObserved,
  endedByOf,
  isBlocked,
  killableIn,
  observe,
  unendedRuns,
  type SignalRun,
  type Observed,
} from '../harness/clients/observe.js';

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
  const last = () => Object.values(steps).at(-1)!;
  await step(
    'close',
    await observe(client, 'close', FRAMES, { stableMs: 300, signal: ctx.signal }),
  );
  if (isBlocked(last())) {
    if (variant === 'stopped') await srv.ctl({ cmd: 'stop', reason: 'case: server stopped' });
    // each signal only while close() stays blocked: after a return, an exit or
    // an observation that settled on nothing, a further step proves nothing
    for (const sig of ['SIGINT', 'SIGKILL'] as const) {
      if (!isBlocked(last())) break;
      client.kill(sig);
      await step(sig, await observe(client, 'close', FRAMES, { signal: ctx.signal }));
    }
    // an observation that settled on nothing may still hide a blocked close():
    // answer it too, so the case frees what it started
    if (isBlocked(last()) || last().kind === 'undecided') {
      const how = variant === 'stopped' ? 'resume' : 'release';
      await srv.ctl({ cmd: how });
      await step(how, await observe(client, 'close', FRAMES, { signal: ctx.signal }));
    }
  }
  const endedBy = endedByOf(Object.entries(steps).map(([k, o]) => [k, o.kind]));
  const end = await within(client.done, 5000);
  await new Promise((r) => setTimeout(r, 200)); // the trace file is flushed every 100 ms
  const flush = tracedRequests(srv.events(), ['flush']).filter((r) => r.path === name);
  await stopServer(srv);
  const said = Object.entries(steps).map(([k, o]) => `${k}: ${o.said}`);
  return {
    variant,
    sigint,
    faults: ['flush:stall', `interrupts:${policy}`],
    endedBy,
    said,
    steps,
    clientReports: client.reports.filter((r) => !r.enter),
    clientEnd: end,
    flushInTrace: flush.map(describeRequest),
  };
}

/** One run as the outcome reads it. */
export interface CloseRun extends SignalRun {
  variant: Variant;
}

/**
 * The outcome from every run: each close() must have blocked on the held
 * FLUSH and then been ended by a signal (killable) or by the server's answer,
 * else nothing is concluded and `missing` says which run lacked what. A close()
 * that never blocked is neither killable nor not.
 */
export function outcomeOf(runs: readonly CloseRun[]): {
  outcome: (typeof OUTCOMES)[number];
  missing: string[];
} {
  const missing = unendedRuns(runs, 'close()');
  for (const v of ['honour', 'ignore', 'stopped'] as const)
    if (!runs.some((r) => r.variant === v)) missing.push(`no ${v} run`);
  if (missing.length) return { outcome: 'inconclusive', missing };
  const of = (v: Variant) => killableIn(runs.filter((r) => r.variant === v));
  if (of('honour') === 'all' && of('ignore') === 'none' && of('stopped') === 'none')
    return { outcome: 'only-honoured-interrupt-frees', missing };
  const word = { all: 'all-killable', none: 'none-killable', some: 'mixed' } as const;
  return { outcome: word[killableIn(runs)], missing };
}

const OUTCOMES = [
  'only-honoured-interrupt-frees',
  'all-killable',
  'none-killable',
  'mixed',
  'inconclusive',
] as const;

const def = defineCase({
  title: 'close() blocked on a held FLUSH: what SIGINT and SIGKILL do per interrupt policy',
  requires: { root: true, fuse: true },
  timeoutMs: 300_000,
  outcomes: OUTCOMES,
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
    const { outcome, missing } = outcomeOf(runs);
    const summary = runs
      .map((r) => `${r.variant}/${r.sigint}: ${r.said.slice(1).join(', ')}`)
      .join('; ');
    const lacking = missing.length ? `nothing concluded: ${missing.join('; ')}; ` : '';
    return { outcome, summary: `${lacking}${summary}`, evidence: { runs, missing } };
  },
});
export default def;
