// own-mount-fds: does the daemon hold files open on its own mount? That is
// the trigger of the Netflix flush-on-exit deadlock: when the daemon is
// SIGKILLed (or its pid namespace's init exits and zap_pid_ns_processes
// kills it), its last exiting thread closes those files in do_exit ->
// exit_files -> filp_close -> fuse_flush and waits for a FLUSH that only it
// could answer (see cases/netflix-flush-on-exit). Read from
// /proc/PID/fd and fdinfo's mnt_id, which never call into the filesystem.
import { readTaskFds, type OpenFile } from '../../proc/fds.js';
import { defineCheck } from '../define.js';
import { daemonState } from '../probe.js';
import { INCONCLUSIVE, type CheckResult } from '../types.js';

/** The kernels on which a SIGKILLed daemon holding such a file deadlocks. */
export const FLUSH_ON_EXIT_WARNING =
  'a SIGKILL of the daemon (or of the init of its pid namespace) deadlocks in fuse_flush ' +
  'on kernels before 6.3 and again from 6.6 on (5a8bee63b10f in 6.3 sent that FLUSH in the ' +
  'background; 91ec6c85599b reverted it in 6.6 and in 6.3-6.5 stable); from 6.15 ' +
  'fs.fuse.default_request_timeout ends the wait by aborting the connection';

/** What the check read: the daemon's fd tables and the mount they are compared with. */
export interface FdsObservation {
  mountId: number;
  mountpoint: string;
  /** one per daemon pid; fds null when the table could not be read */
  tables: { pid: number; fds: OpenFile[] | null }[];
}

const onMount = (o: FdsObservation, f: OpenFile) =>
  f.mntId === o.mountId || f.target.startsWith(`${o.mountpoint}/`);

/** The verdict from what was read: `none`, `holds:N`, or inconclusive without a readable table. */
export function outcomeOf(o: FdsObservation): CheckResult {
  const readable = o.tables.filter((t) => t.fds !== null);
  if (o.tables.length === 0)
    return verdict(INCONCLUSIVE, 'no process holds /dev/fuse for the mount: daemon unknown', []);
  if (readable.length === 0)
    return verdict(
      INCONCLUSIVE,
      `fd tables of ${o.tables.map((t) => t.pid).join(', ')} unreadable`,
      [],
    );
  const held = readable.flatMap((t) =>
    (t.fds ?? [])
      .filter((f) => onMount(o, f))
      .map((f) => ({ pid: t.pid, fd: f.fd, path: f.target })),
  );
  if (held.length === 0)
    return verdict('none', `no fd on ${o.mountpoint} in ${pids(readable)}`, []);
  const list = held.map((h) => `${h.path} (pid ${h.pid} fd ${h.fd})`).join(', ');
  return verdict(`holds:${held.length}`, `${list}; warning: ${FLUSH_ON_EXIT_WARNING}`, held);
}

const pids = (ts: { pid: number }[]) => `pid ${ts.map((t) => t.pid).join(', ')}`;

function verdict(outcome: string, summary: string, held: unknown[]): CheckResult {
  return { outcome, summary, evidence: { held } };
}

export default defineCheck({
  id: 'own-mount-fds',
  title: 'does the daemon hold files open on its own mount (the flush-on-exit deadlock trigger)',
  outcomes: ['none', 'holds:<N>', INCONCLUSIVE],
  timeoutMs: 10_000,
  async run(env) {
    const { upper } = env;
    const tables = await Promise.all(
      upper.daemonPids.map(async (pid) => ({ pid, fds: await readTaskFds(pid) })),
    );
    const o: FdsObservation = { mountId: upper.mountId, mountpoint: upper.mountpoint, tables };
    const r = outcomeOf(o);
    const daemon = await daemonState(env);
    return { ...r, evidence: { ...r.evidence, daemonPids: upper.daemonPids, tables, daemon } };
  },
});
