// Whether a namespace's init can still be joined, telling "cannot fork into
// it" (init in zap_pid_ns_processes) apart from "init is gone" (nothing left
// to enter: the namespace ended, which is no hang).
import { enterable, type Enterable } from '../../harness/process/enter.js';
import { hasExited } from '../../harness/wait.js';

/** Enterable, or gone. */
export interface NsEnterable extends Enterable {
  /** init had exited: nothing was measured */
  gone?: boolean;
}

/** nsenter into INIT's pid namespace, unless init has exited. */
export async function nsEnterable(init: number): Promise<NsEnterable> {
  if (await hasExited(init)) return { enterable: false, gone: true, error: 'init has exited' };
  return enterable(init);
}
