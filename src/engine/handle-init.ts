// FUSE_INIT: the first request of every connection. Until it is answered every
// other task touching the mount waits (fuse_wait_aborted / fc->initialized), so
// it is answered at once, outside the fault rules.
import type { Request } from '../proto/types.js';
import { initOut } from '../proto/init.js';
import { monotonic } from '../trace/types.js';
import { writeReply } from './device-writer.js';
import type { Engine } from './engine.js';
import { negotiateInit } from './init.js';

type InitRequest = Extract<Request, { op: 'init' }>;

/** Negotiates, answers, and records the result (the 'init' engine event and trace event). */
export function handleInit(engine: Engine, req: InitRequest): void {
  const n = negotiateInit(req.arg, {
    requestTimeout: engine.requestTimeout,
    handleKillpriv: engine.serverPermissions,
  });
  engine.session = { minor: n.minor };
  writeReply(engine.devFd, req.header.unique, 0, initOut(n.out));
  engine.trace.emit({
    ev: 'init',
    ts: monotonic(),
    kernelMajor: req.arg.major,
    kernelMinor: req.arg.minor,
    minor: n.minor,
    flags: n.flags,
    ...(n.requestTimeout !== undefined && { requestTimeout: n.requestTimeout }),
  });
  for (const w of n.warnings) engine.traceError(w);
  engine.emit('init', n);
}
