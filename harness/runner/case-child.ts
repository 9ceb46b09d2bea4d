// Entry of the process a case runs in (its own session and process group, so
// the runner can kill everything the case started in one go). Talks to the
// runner over the IPC channel: receives 'abort', sends 'log' and the end.
// argv: case module path, case id, work directory, case state file.
import { pathToFileURL } from 'node:url';
import { createCaseContext } from './case-context.js';
import type { CaseDef, CaseOutcome } from './types.js';

/** Runner -> child. */
export type ToChild = { type: 'abort'; reason: string };
/** Child -> runner. */
export type FromChild =
  | { type: 'log'; message: string }
  | { type: 'done'; outcome: CaseOutcome }
  | { type: 'error'; message: string };

function send(msg: FromChild): Promise<void> {
  return new Promise((res) => {
    if (!process.send || !process.connected) return res();
    process.send(msg, undefined, {}, () => res());
  });
}

function checkOutcome(o: unknown): CaseOutcome {
  const v = o as Partial<CaseOutcome> | undefined;
  if (
    typeof v?.outcome !== 'string' ||
    typeof v.summary !== 'string' ||
    typeof v.evidence !== 'object' ||
    !v.evidence
  ) {
    throw new Error('case returned no {outcome, summary, evidence}');
  }
  return { outcome: v.outcome, summary: v.summary, evidence: v.evidence };
}

async function main(): Promise<void> {
  const [modulePath, id, workdir, stateFile] = process.argv.slice(2);
  if (!modulePath || !id || !workdir || !stateFile)
    throw new Error('usage: case-child MODULE ID WORKDIR STATEFILE');
  const abort = new AbortController();
  // the runner is gone (killed): stop here; the watchdog undoes what the
  // case state records, and nothing new gets started meanwhile
  process.on('disconnect', () => process.exit(1));
  // a runner killed while this process was still starting closed the channel
  // before the listener existed: no 'disconnect' will come, so look now
  if (!process.connected) process.exit(1);
  process.on('message', (m: ToChild) => {
    if (m?.type === 'abort') abort.abort(new Error(m.reason));
  });
  const { ctx } = createCaseContext({
    id,
    workdir,
    stateFile,
    signal: abort.signal,
    log: (message) => void send({ type: 'log', message }),
  });
  const def = (await import(pathToFileURL(modulePath).href)).default as CaseDef;
  const outcome = checkOutcome(await def.run(ctx));
  await send({ type: 'done', outcome });
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    const e = err as Error;
    await send({ type: 'error', message: e?.stack ?? String(err) });
    process.exit(1);
  },
);
