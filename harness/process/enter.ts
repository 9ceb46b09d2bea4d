// Whether a new process can still join a task's pid namespace, the check that
// failed in the Netflix incident (`docker exec`): setns(CLONE_NEWPID) still
// works, but the fork after it fails with ENOMEM once the namespace's init has
// entered zap_pid_ns_processes (disable_pid_allocation clears PIDNS_ADDING).
import { execa } from 'execa';

/** The answer of one nsenter attempt. */
export interface Enterable {
  enterable: boolean;
  /** nsenter's exit code and message when it could not */
  exitCode?: number;
  error?: string;
}

/** Runs `nsenter --target PID --pid -- true` and reports whether it worked. */
export async function enterable(pid: number, { timeoutMs = 10_000 } = {}): Promise<Enterable> {
  const r = await execa('nsenter', ['--target', String(pid), '--pid', '--', 'true'], {
    reject: false,
    timeout: timeoutMs,
  });
  if (r.exitCode === 0) return { enterable: true };
  const error = (typeof r.stderr === 'string' && r.stderr.trim()) || r.shortMessage;
  return { enterable: false, exitCode: r.exitCode, error };
}
