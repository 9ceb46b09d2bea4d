// Looking at what the kernel did after a step: a client's syscall returned,
// the client exited, or it sleeps in the FUSE wait (observe), told in one line
// as a person would say it; and the requests a server saw, from its trace.
import type { ClientHandle } from '../clients/index.js';
import { describeObserved, observe, type FrameMatch, type Observed } from '../clients/observe.js';
import { tracedRequests, type TracedRequest } from '../evidence.js';
import type { ServerHandle } from '../process/server.js';

/** An observation with its words ("blocked in D", "returned EINTR"). */
export type Look = Observed & { said: string };

/** Waits until SYSCALL of CLIENT returned, the client exited, or it sleeps in FRAMES. */
export async function lookAt(
  client: ClientHandle,
  syscall: string,
  frames: FrameMatch,
  opts: { stableMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Look> {
  const o = await observe(client, syscall, frames, opts);
  return { ...o, said: await describeObserved(o, client) };
}

// The innermost frame of a FUSE stack worth naming: the fs-level caller of the
// wait (fuse_flush, fuse_getattr...) rather than request_wait_answer itself.
function frameOf(stack: readonly string[] | null | undefined): string | undefined {
  const fuse = stack?.filter((f) => f.startsWith('fuse_')) ?? [];
  const named = fuse.filter((f) => !/request_wait_answer|simple_request/.test(f));
  return named[0] ?? fuse[0] ?? stack?.[0];
}

/** "cp: D in fuse_flush, SIGINT pending", "cp: returned EINTR", "cp: exited by SIGKILL" */
export function lineOf(name: string, look: Look): string {
  const t = look.task;
  if (!t) return `${name}: ${look.said}`;
  const where = frameOf(t.stack);
  const pending = [...new Set([...t.SigPnd, ...t.ShdPnd])];
  const sigs = pending.length ? `, ${pending.join(' ')} pending` : '';
  return `${name}: ${t.state}${where ? ` in ${where}` : ''}${sigs}`;
}

/** The trace file is written every 100 ms: what a server saw up to now is in it after that. */
export const TRACE_FLUSH_MS = 250;

/** The requests SRV's trace holds (of OPS only, when given), read once the trace caught up. */
export async function requestsSeen(
  srv: Pick<ServerHandle, 'events'>,
  ops?: string[],
): Promise<TracedRequest[]> {
  await new Promise((r) => setTimeout(r, TRACE_FLUSH_MS));
  return tracedRequests(srv.events(), ops);
}
