// Signals a case sends by pid (a namespace's init, a server, a client the
// harness did not start), put on the case's timeline so `fusefault report`
// draws them beside the ones sent through a client's or server's handle.
import type { TimelineHooks } from '../timeline/recorder.js';

/** Sends `sig` to `pid` (throws as process.kill does), then records it on the timeline. */
export function sendSignal(
  track: { timeline?: TimelineHooks } | undefined,
  pid: number,
  sig: NodeJS.Signals,
): void {
  process.kill(pid, sig);
  track?.timeline?.signal(pid, sig);
}
