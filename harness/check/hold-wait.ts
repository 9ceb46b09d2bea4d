// Watching a client on the filesystem under test until it is held: inside
// a syscall it reported entering, in a FUSE wait (a FUSE frame or a folio
// wait on its kernel stack), stable, while the stall rule under it was hit;
// and reaping it afterwards.
import type { ClientHandle, ClientReport } from '../clients/index.js';
import { observe, type Observed } from '../clients/observe.js';
import { waitsOnFuse } from '../proc/fuse-wait.js';
import { waitFor } from '../wait.js';
import { waitForHit } from './probe.js';
import type { CheckEnv } from './types.js';

/** FUSEFAULT_TIMEOUT_SCALE, for the windows below. */
export const scale = () => Number(process.env.FUSEFAULT_TIMEOUT_SCALE) || 1;
const BLOCK_MS = 6_000;
const REAP_MS = 5_000;
const START_MS = 20_000;

const lastEnter = (reports: readonly ClientReport[]) => {
  const r = reports.at(-1);
  return r?.enter ? r.step : undefined;
};

/** Waits until the client sits in a FUSE wait inside a syscall, stable; undefined if it does not. */
export async function waitBlocked(
  client: ClientHandle,
  signal: AbortSignal,
  timeoutMs = BLOCK_MS * scale(),
): Promise<(Observed & { step: string }) | undefined> {
  let exited = false;
  void client.done.then(() => (exited = true));
  // the window opens with the client's first line: starting Python can take
  // seconds on a loaded machine, and that is not the filesystem's doing
  await waitFor(() => exited || client.reports.length > 0, {
    timeoutMs: START_MS * scale(),
    signal,
  }).catch(() => undefined);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !exited) {
    const entered = await waitFor(() => exited || lastEnter(client.reports), {
      timeoutMs: Math.max(1, until - Date.now()),
      signal,
    }).catch(() => undefined);
    const step = lastEnter(client.reports);
    if (entered === undefined || step === undefined) return undefined;
    const left = Math.max(1, until - Date.now());
    const o = await observe(client, step, waitsOnFuse, { stableMs: 300, timeoutMs: left, signal });
    if (o.kind.startsWith('blocked')) return { ...o, step };
    if (o.kind !== 'returned') return undefined;
  }
  return undefined;
}

/** Kills the client and waits until it is reaped (a client the upper never answers stays). */
export async function reap(client: ClientHandle): Promise<boolean> {
  client.kill('SIGKILL');
  const timer = new Promise<false>((r) => setTimeout(r, REAP_MS * scale(), false).unref());
  return Promise.race([client.done.then(() => true), timer]);
}

/**
 * Waits until the client blocks and the rule is hit while it still sits in
 * that step (a step that blocked for another reason and then returned is not
 * the stall's doing: the wait goes on).
 */
export async function heldOnStall(
  env: CheckEnv,
  client: ClientHandle,
  rule: number,
): Promise<{ blocked?: Observed & { step: string }; hit: boolean }> {
  let until = 0;
  for (;;) {
    const left = until ? Math.max(1, until - Date.now()) : BLOCK_MS * scale();
    const blocked = await waitBlocked(client, env.signal, left);
    until ||= Date.now() + left;
    const hit = await waitForHit(env, rule, blocked ? 3_000 : 1);
    if (!blocked) return { hit };
    if (lastEnter(client.reports) === blocked.step || Date.now() >= until) return { blocked, hit };
  }
}
