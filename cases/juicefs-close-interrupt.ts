// JuiceFS: a cp-like client blocked in close() on a FLUSH the server holds.
// FLUSH is forced (fuse_flush sets args.force), so request_wait_answer skips
// the killable wait: after the interruptible wait a signal only queues an
// INTERRUPT (the request was read) and the task then waits uninterruptibly.
// Whether SIGINT or SIGKILL ends close() therefore depends on the server:
// honour (answer EINTR), ignore (stay silent), or stopped (cannot even read
// the INTERRUPT). Each is run with SIGINT caught by the client (close()
// returns the error) and with SIGINT's default action (a group kill when
// sent), then SIGKILL, then the server is released or resumed.
import {
  defineCase,
  describeRequest,
  endedByOf,
  isBlocked,
  killableIn,
  lineOf,
  lookAt,
  requestsSeen,
  startClient,
  startServer,
  stepsOf,
  stopServer,
  summaryOf,
  unendedRuns,
  within,
  type CaseContext,
  type ClientHandle,
  type Look,
  type SignalRun,
  type Step,
} from '../harness/case-api.js';

const FRAMES = ['fuse_flush'];
type Variant = 'honour' | 'ignore' | 'stopped';

// What each signal should do to close(), per server, as a person watching hears it.
const EXPECT: Record<Variant, Record<'SIGINT' | 'SIGKILL', string>> = {
  honour: {
    SIGINT: 'the kernel queues an INTERRUPT, the server answers EINTR: close() ends',
    SIGKILL: 'an INTERRUPT answered EINTR ends the FLUSH',
  },
  ignore: {
    SIGINT: 'the server stays silent on the INTERRUPT: FLUSH is forced, cp stays in D',
    SIGKILL: 'a forced FLUSH has no killable wait: SIGKILL stays pending, cp stays in D',
  },
  stopped: {
    SIGINT: 'a stopped server cannot read the INTERRUPT: cp stays in D',
    SIGKILL: 'a forced FLUSH has no killable wait: SIGKILL stays pending, cp stays in D',
  },
};

// SIGINT not caught: its default action is fatal, and complete_signal turns a
// fatal signal into SIGKILL queued to every thread of the group.
const FATAL = ' (uncaught, SIGINT is fatal: complete_signal queues SIGKILL too)';
// How a blocked close() is answered at the end, and what that does.
const ANSWER = {
  release: ['the server answers the FLUSH', 'close() returns, and a pending signal ends cp'],
  resume: ['the server reads /dev/fuse again', 'it reads the INTERRUPT and answers EINTR'],
} as const;

async function once(ctx: CaseContext, step: Step, variant: Variant, sigint: 'caught' | 'default') {
  const faults = ['flush:stall', `interrupts:${variant === 'ignore' ? 'ignore' : 'honour'}`];
  const name = `/cp-${variant}-${sigint}`;
  const srv = await step(
    `start the server with ${faults.join(' ')}`,
    { say: 'it will read FLUSH and hold it', result: (s) => `serving, connection ${s.conn}` },
    () => startServer(ctx, { faults }),
  );
  const seen: Record<string, Look> = {};
  const last = () => Object.values(seen).at(-1)!;
  let cp!: ClientHandle;
  // each step about cp ends with what /proc shows of it, and what the server read
  const told = { watch: () => [cp.pid], server: srv, result: (o: Look) => lineOf('cp', o) };
  seen.close = await step(
    `cp writes ${name} and closes it (SIGINT ${sigint})`,
    { say: 'close() sends FLUSH, which the server holds: cp sleeps in fuse_flush', ...told },
    async () => {
      const args = ['--path', `${srv.mountpoint}${name}`];
      if (sigint === 'caught') args.push('--catch-sigint');
      cp = startClient('write-close', args, { track: ctx });
      return lookAt(cp, 'close', FRAMES, { stableMs: 300, signal: ctx.signal });
    },
  );
  if (isBlocked(last())) {
    if (variant === 'stopped')
      await step('the server stops reading /dev/fuse', { say: 'an INTERRUPT stays queued' }, () =>
        srv.ctl({ cmd: 'stop', reason: 'case: server stopped' }),
      );
    // each signal only while close() stays blocked: after a return, an exit or
    // an observation that settled on nothing, a further step proves nothing
    for (const sig of ['SIGINT', 'SIGKILL'] as const) {
      if (!isBlocked(last())) break;
      const say = EXPECT[variant][sig] + (sig === 'SIGINT' && sigint === 'default' ? FATAL : '');
      seen[sig] = await step(`send ${sig} to cp`, { say, ...told }, () => {
        cp.kill(sig);
        return lookAt(cp, 'close', FRAMES, { signal: ctx.signal });
      });
    }
    // an observation that settled on nothing may still hide a blocked close():
    // answer it too, so the case frees what it started
    if (isBlocked(last()) || last().kind === 'undecided') {
      const how = variant === 'stopped' ? 'resume' : 'release';
      const [title, say] = ANSWER[how];
      seen[how] = await step(title, { say, ...told }, async () => {
        await srv.ctl({ cmd: how });
        return lookAt(cp, 'close', FRAMES, { signal: ctx.signal });
      });
    }
  }
  const end = await step(
    'wait for cp to be gone',
    { result: (e) => (e ? `cp gone (${e.signal ?? `exit ${e.exitCode}`})` : 'cp still there') },
    () => within(cp.done, 5000),
  );
  const flush = await step(
    'look at the FLUSH the server saw',
    { result: (rs) => rs.map(describeRequest).join('; ') || 'no FLUSH' },
    async () => (await requestsSeen(srv, ['flush'])).filter((r) => r.path === name),
  );
  await step('stop the server', {}, () => stopServer(srv));
  const said = Object.entries(seen).map(([k, o]) => `${k}: ${o.said}`);
  return {
    variant,
    sigint,
    faults,
    endedBy: endedByOf(Object.entries(seen).map(([k, o]) => [k, o.kind])),
    said,
    steps: seen,
    clientReports: cp.reports.filter((r) => !r.enter),
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
    const step = stepsOf(ctx);
    const runs: Awaited<ReturnType<typeof once>>[] = [];
    for (const variant of ['honour', 'ignore', 'stopped'] as const)
      for (const sigint of ['caught', 'default'] as const)
        runs.push(await once(ctx, step, variant, sigint));
    const { outcome, missing } = outcomeOf(runs);
    const summary = runs
      .map((r) => `${r.variant}/${r.sigint}: ${r.said.slice(1).join(', ')}`)
      .join('; ');
    return { outcome, summary: summaryOf(missing, summary), evidence: { runs, missing } };
  },
});
export default def;
