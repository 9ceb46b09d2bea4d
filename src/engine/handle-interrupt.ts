// FUSE_INTERRUPT (fs/fuse/dev.c queue_interrupt): the kernel asks us to give up
// a request it already handed us, because its caller got a signal. The INTERRUPT
// itself is never answered, except with EAGAIN when we do not know the target
// (the kernel then queues it again). Never ENOSYS: that sets fc->no_interrupt
// for the whole connection and later waits skip their interruptible phase.
import { AtLeast } from '../faults/at-least.js';
import type { Request } from '../proto/types.js';
import { monotonic } from '../trace/types.js';
import { writeReply } from './device-writer.js';
import type { Engine } from './engine.js';

type InterruptRequest = Extract<Request, { op: 'interrupt' }>;

const EAGAIN = 11;
const EINTR = 4;

/** Applies the interrupt policy of the target's rules: ignore (silence) or honour (-EINTR). */
export function handleInterrupt(engine: Engine, req: InterruptRequest): void {
  const unique = req.header.unique;
  const target = engine.inflight.get(req.arg.unique);
  const ev = {
    ev: 'interrupt' as const,
    ts: monotonic(),
    unique: unique.toString(),
    target: req.arg.unique.toString(),
  };
  if (!target) {
    engine.trace.emit({ ...ev, known: false, policy: 'eagain' });
    writeReply(engine.devFd, unique, -EAGAIN);
    return;
  }
  target.interrupted = true;
  // an offloaded call learns of it through its signal (serve-async.ts)
  target.cancel?.abort();
  const policy = engine.draining
    ? { kind: 'ignore' as const }
    : engine.faults.interruptPolicy(engine.infoOf(target));
  engine.trace.emit({ ...ev, op: target.op, known: true, policy: policy.kind });
  if (policy.kind === 'ignore') return;
  const honour = () =>
    engine.whenRunning(() => engine.reply(target, -EINTR, undefined, 'interrupted'));
  if (policy.delayMs <= 0) return honour();
  const t = new AtLeast(policy.delayMs, () => {
    engine.timers.delete(t);
    honour();
  });
  engine.timers.add(t);
}
