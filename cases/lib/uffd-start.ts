// Starting the uffd-fault client: it creates a userfaultfd, registers an
// anonymous region in MISSING mode and forks a server that inherits the uffd,
// then says `ready` (with both pids and fd numbers) or why it could not.
import { startClient, type CaseContext, type ClientHandle } from '../../harness/case-api.js';

// the client's steps that can fail before any fault, by what they call
const CALLS: Record<string, string> = {
  uffd: 'userfaultfd(2)',
  api: 'ioctl(UFFDIO_API)',
  map: 'mmap(2)',
  register: 'ioctl(UFFDIO_REGISTER)',
};

/** userfaultfd(2) or UFFDIO_API failed; `absent` when the client said it is not
 * available here (exit 3: ENOSYS without CONFIG_USERFAULTFD, EPERM, ...) */
export class UffdUnavailable extends Error {
  constructor(
    readonly absent: boolean,
    readonly why: string,
  ) {
    super(`userfaultfd unavailable: ${why}`);
  }
}

/** A faulting client ready to fault, and its server. */
export interface UffdStarted {
  c: ClientHandle;
  serverPid: number;
  /** the uffd's number in the faulting process, when it keeps one */
  uffd: unknown;
  /** the server's fd number (the faulting process's: inherited across fork) */
  serverFd: number;
}

/** Starts uffd-fault with ARGS and waits for its server; throws UffdUnavailable. */
export async function startFaulting(ctx: CaseContext, args: string[]): Promise<UffdStarted> {
  const c = startClient('uffd-fault', args, { track: ctx });
  const ready = await c.waitFor((r) => r.step === 'ready' || !!r.errno).catch(() => undefined);
  if (ready?.step !== 'ready') {
    const end = await c.done;
    const failed = end.reports.find((r) => r.errno);
    const why = failed
      ? `${failed.errno} from ${CALLS[failed.step] ?? failed.step}`
      : end.stderr.trim().split('\n').at(-1);
    throw new UffdUnavailable(end.exitCode === 3, why ?? 'no report');
  }
  const serverFd = Number((await c.waitFor((r) => r.step === 'server')).detail?.uffd);
  return { c, serverPid: Number(ready.detail?.server), uffd: ready.detail?.uffd, serverFd };
}
