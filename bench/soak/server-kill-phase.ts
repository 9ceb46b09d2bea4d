// A serve killed under a client loop: SIGKILL the serve process (raw and
// fuse-native backends), then measure how
// long the client took to get an error, and what is left once things settle:
// the mount, tasks in D, the control socket file, live server processes.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statOf } from '../../harness/recovery/procfs.js';
import { startServer } from '../server.js';
import { startClientLoop } from './client-loop.js';
import {
  dTasks,
  killAll,
  liveProcesses,
  ourFuseMounts,
  releaseMounts,
  type SeenPid,
} from './leftovers.js';

/** Which process dies. */
export type KillVariant = 'raw: serve' | 'fuse-native: serve';
export const KILL_VARIANTS: readonly KillVariant[] = ['raw: serve', 'fuse-native: serve'];

const CLIENT_SECS = 40;
const CLIENT_BOUND_MS = 15_000;
const SETTLE_MS = 5000;

/** One kill and what it left. */
export interface KillRecord {
  variant: KillVariant;
  /** the client's last line: "error ENOTCONN", or "still running" at the bound */
  client: string;
  /** from the kill to the client's exit; undefined when it had not exited at the bound */
  clientSeconds?: number;
  /** from the kill until the mount was gone; undefined when still there SETTLE_MS after the client's end */
  unmountSeconds?: number;
  mountLeft: boolean;
  dTasks: string[];
  socketLeft: boolean;
  /** serve or client processes still alive at the end */
  processesLeft: string[];
  cleanedUp: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seen = (pid: number | undefined): SeenPid[] => {
  const start = pid === undefined ? undefined : statOf(pid)?.startTime;
  return pid === undefined || start === undefined ? [] : [{ pid, start }];
};

/** Kills one serve of VARIANT under a client loop and measures. */
export async function killUnderClients(variant: KillVariant): Promise<KillRecord> {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-soak-kill-'));
  const backend = variant.startsWith('raw') ? 'raw' : 'fuse-native';
  const srv = await startServer({ dir, backend, faults: [], profile: false });
  const client = startClientLoop(srv.mountpoint, CLIENT_SECS);
  const procs = [...seen(srv.pid), ...seen(client.proc.pid)];
  const cleanedUp: string[] = [];
  try {
    if (!(await client.ready)) throw new Error(`${variant}: the client loop never ran`);
    await sleep(300);
    const target = srv.pid;
    const t0 = performance.now();
    process.kill(target, 'SIGKILL');
    const since = () => (performance.now() - t0) / 1000;
    let clientSeconds: number | undefined;
    const last = await Promise.race([
      client.done.then((l) => ((clientSeconds = since()), l)),
      sleep(CLIENT_BOUND_MS).then(() => 'still running'),
    ]);
    // then until the mount and the socket file are gone (the guardian removes the
    // socket after its umount returns) and the server's processes have exited, or
    // SETTLE_MS more
    let unmountSeconds: number | undefined;
    const servers = procs.filter((p) => p.pid !== client.proc.pid);
    const settleEnd = (clientSeconds ?? CLIENT_BOUND_MS / 1000) + SETTLE_MS / 1000;
    while (since() < settleEnd) {
      const mounted = ourFuseMounts(dir).some((m) => m.mountpoint === srv.mountpoint);
      if (!mounted) unmountSeconds ??= since();
      if (!mounted && !existsSync(srv.control) && liveProcesses(servers).length === 0) break;
      await sleep(20);
    }
    const record: KillRecord = {
      variant,
      client: last,
      ...(clientSeconds !== undefined && { clientSeconds }),
      ...(unmountSeconds !== undefined && { unmountSeconds }),
      mountLeft: unmountSeconds === undefined,
      dTasks: dTasks(procs),
      socketLeft: existsSync(srv.control),
      processesLeft: liveProcesses(procs).map((p) => `${p} ${statOf(p)?.comm ?? '?'}`),
      cleanedUp,
    };
    return record;
  } finally {
    cleanedUp.push(...(await releaseMounts(ourFuseMounts(dir))));
    const alive = liveProcesses(procs);
    killAll(procs);
    if (alive.length) cleanedUp.push(`killed ${alive.join(' ')}`);
    await Promise.race([client.done, sleep(5000)]);
    rmSync(dir, { recursive: true, force: true });
  }
}
