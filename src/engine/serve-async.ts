// Serving a request off the event loop: a filesystem whose calls wait (a
// passthrough over another mount, whose store may stall) runs them in
// another thread, and the engine answers when they settle. Meanwhile the
// event loop goes on reading /dev/fuse, so an INTERRUPT for the request is
// seen while its call is still running: it aborts the request's signal, as
// go-fuse cancels the request's context. What an abort means is the
// filesystem's choice: go on (the answer comes when the call returns) or
// give up at once with an errno (the call keeps running; its late answer is
// dropped, as the kernel has forgotten the request: fuse_dev_do_write finds
// no such unique and the write fails with ENOENT).
import { FsError } from '../errors.js';
import type { DecodeSession, Request } from '../proto/types.js';
import type { EntryValid } from './dispatch.js';
import type { Engine } from './engine.js';
import { keepData, type Inflight } from './inflight.js';

const EIO = 5;

/** What an offloaded call gets besides the request. */
export interface OffloadContext {
  session: DecodeSession;
  entryValid: EntryValid;
  /** aborted when an INTERRUPT for the request arrives */
  signal: AbortSignal;
}

/**
 * Serves one request elsewhere: resolves with the reply body (undefined: an
 * empty one), rejects with FsError for an errno reply.
 */
export type Offload = (req: Request, ctx: OffloadContext) => Promise<Buffer | undefined>;

/** Hands E to offload and answers it when the call settles (unless answered before). */
export function serveAsync(
  engine: Engine,
  e: Inflight,
  outcome: string,
  offload: Offload,
  entryValid: EntryValid,
): void {
  // the call outlives onRequest, which reuses the reader's buffer
  keepData(e);
  const cancel = new AbortController();
  e.cancel = cancel;
  const answered = offload(e.req, { session: engine.session, entryValid, signal: cancel.signal });
  answered.then(
    (body) => engine.whenRunning(() => engine.reply(e, 0, body, outcome)),
    (err: unknown) => {
      if (!(err instanceof FsError))
        engine.traceError(`${e.op} ${e.unique}: ${(err as Error)?.message ?? String(err)}`);
      const errno = err instanceof FsError ? err.errno : EIO;
      const how = cancel.signal.aborted ? 'interrupted' : 'errno';
      engine.whenRunning(() => engine.reply(e, -errno, undefined, how));
    },
  );
}
