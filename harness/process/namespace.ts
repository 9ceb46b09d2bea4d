// New pid (and mount) namespaces through util-linux unshare: `unshare --pid
// --fork` forks, and its child is pid 1 of the new namespace (the init whose
// exit runs zap_pid_ns_processes). --kill-child makes unshare's death kill
// that init, so recovery reaping unshare tears the namespace down too.
import { execa, type ResultPromise } from 'execa';
import { tapLines, type LineTap } from './lines.js';
import {
  childPids,
  descendantPids,
  nsPids,
  pidNamespace,
  processIds,
  type ProcessIds,
} from './pids.js';

/** How to start a namespace. */
export interface PidNsOptions {
  /** argv of the namespace's init (pid 1 inside) */
  init: string[];
  /** also a new mount namespace */
  mount?: boolean;
  /** mount a fresh /proc for the namespace (implies a mount namespace) */
  mountProc?: boolean;
  /** learns every pid started here, so recovery can reap it */
  track?: { trackPid(pid: number): void };
  /** new session and process group, so a group signal reaches only this tree */
  detached?: boolean;
  timeoutMs?: number;
}

/** A started namespace and its init. */
export interface PidNsHandle {
  unsharePid: number;
  /** our pid of the namespace's init */
  initPid: number;
  /** 'pid:[...]' of the new namespace */
  ns: string;
  proc: ResultPromise;
  /** stdout of everything in the namespace, captured from the start */
  stdout: LineTap;
  /** the namespace's processes now (init first), with their pids here and inside */
  processes(): ProcessIds[];
}

/** An init that runs COMMAND as its child and waits: the command is pid 2, not init. */
export function shellInit(command: string[]): string[] {
  return ['sh', '-c', '"$@" & wait', 'sh', ...command];
}

/** Starts `unshare --pid --fork ... -- INIT` and finds the init once it is in the new namespace. */
export async function startInPidNs(opts: PidNsOptions): Promise<PidNsHandle> {
  const { init, mount, mountProc, track, detached = true, timeoutMs = 10_000 } = opts;
  const flags = ['--pid', '--fork', '--kill-child'];
  if (mountProc) flags.push('--mount-proc');
  else if (mount) flags.push('--mount');
  const proc = execa('unshare', [...flags, '--', ...init], {
    reject: false,
    detached,
    stdin: 'ignore',
    buffer: false,
  });
  const stdout = tapLines(proc.stdout!);
  const unsharePid = proc.pid;
  if (unsharePid === undefined) throw new Error('unshare: spawn failed');
  track?.trackPid(unsharePid);
  const ours = pidNamespace(process.pid);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const child = childPids(unsharePid)[0];
    const ns = child === undefined ? undefined : pidNamespace(child);
    if (child !== undefined && ns !== undefined && ns !== ours && nsPids(child).length > 1) {
      track?.trackPid(child);
      const processes = () => [child, ...descendantPids(child)].flatMap((p) => processIds(p) ?? []);
      return { unsharePid, initPid: child, ns, proc, stdout, processes };
    }
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`unshare ${flags.join(' ')}: no namespace init appeared`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}
