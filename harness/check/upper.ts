// The filesystem under test, mounted: COMMAND run by `sh -c` with {lower} and
// {mnt} filled in, in a process group of its own, with a mark in its
// environment. It may stay in the foreground or daemonize (fork, setsid);
// either way the mount is found in mountinfo, never by a stat of {mnt}
// (which would wait on a server that is not answering), and its server by
// the /dev/fuse fds that serve the mount's connection (daemon.ts). Every
// process that carries the mark is tracked as soon as it is seen, so that
// recovery (or the watchdog) kills it even if this process dies first.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa, type ResultPromise } from 'execa';
import type { CaseContext } from '../runner/types.js';
import { tapLines, type LineTap } from '../process/lines.js';
import { waitFor, WaitTimeout } from '../wait.js';
import { connectionOf, findMount, isFuseMount, type Mount } from '../../src/mount/mountinfo.js';
import { MARK_VAR, devHolders, markedConns, markedPids, servingConn } from './daemon.js';
import { mountFailure, unmountElsewhere } from './upper-fail.js';

/** The filesystem under test, mounted on a fresh directory over the backing store. */
export interface UpperMount {
  mountpoint: string;
  /** FUSE connection id (fusectl directory) of the mount */
  conn: number;
  /** mountinfo's mount id: /proc/PID/fdinfo's mnt_id of a file on this mount */
  mountId: number;
  fstype: string;
  /** COMMAND as run, placeholders filled in */
  command: string;
  /** the `sh -c` process (exited by now if COMMAND daemonized) */
  sh: ResultPromise;
  shPid: number;
  /** pids holding /dev/fuse for conn: the daemon */
  daemonPids: number[];
  /** the value of MARK_VAR in COMMAND's environment */
  mark: string;
  /** COMMAND's output so far, stdout and stderr */
  output: LineTap[];
}

/** A filesystem that did not mount: the CLI says the message in one line, exit 2. */
export class MountFailed extends Error {
  override name = 'MountFailed';
}

/** COMMAND with {lower} and {mnt} replaced (paths made by mkdtemp: no quoting needed). */
export function fillCommand(cmd: string, paths: { lower: string; mnt: string }): string {
  return cmd.replaceAll('{lower}', paths.lower).replaceAll('{mnt}', paths.mnt);
}

/** Options of mountUpper. */
export interface UpperOptions {
  /** COMMAND as given */
  fs: string;
  /** the backing store's mount point, for {lower} */
  lower: string;
  /** our own servers' pids: never taken for the daemon */
  exclude: readonly number[];
  timeoutMs?: number;
}

// The mount on mnt once it is a FUSE mount, or why it will not be.
type Probe = { mount: Mount } | { exited: number | string } | undefined;

/** Runs COMMAND and waits until {mnt} is a FUSE mount; throws MountFailed otherwise. */
export async function mountUpper(ctx: CaseContext, opts: UpperOptions): Promise<UpperMount> {
  const scale = Number(process.env.FUSEFAULT_TIMEOUT_SCALE) || 1;
  const { timeoutMs = 30_000 * scale } = opts;
  const mountpoint = mkdtempSync(join(ctx.workdir, 'mnt-'));
  ctx.trackMount(mountpoint);
  const mark = randomBytes(8).toString('hex');
  const command = fillCommand(opts.fs, { lower: opts.lower, mnt: mountpoint });
  const sh = execa('sh', ['-c', command], {
    reject: false,
    detached: true, // a group of its own: the foreground daemon is killed with it
    stdin: 'ignore',
    buffer: false,
    env: { ...process.env, [MARK_VAR]: mark },
  });
  if (sh.pid === undefined) throw new MountFailed(`could not run sh -c ${command}`);
  ctx.trackPid(sh.pid);
  const output = [tapLines(sh.stdout!), tapLines(sh.stderr!)];
  let exited: number | string | undefined;
  void sh.then((r) => (exited = r.signal ?? r.exitCode ?? 'unknown'));
  const track = async () => {
    for (const pid of await markedPids(mark)) {
      try {
        ctx.trackPid(pid);
      } catch {
        // gone between the scan and the track: nothing to recover
      }
    }
  };
  let lastTrack = 0;
  const probe = async (): Promise<Probe> => {
    if (Date.now() - lastTrack > 300) {
      lastTrack = Date.now();
      await track();
    }
    const m = findMount(mountpoint);
    if (m && isFuseMount(m)) return { mount: m };
    // a shell that failed is final; one that exited 0 may have left a daemon still mounting
    if (exited !== undefined && exited !== 0) return { exited };
    if (exited === 0 && (await markedPids(mark)).length === 0) return { exited };
    return undefined;
  };
  let seen: Probe = undefined;
  try {
    seen = await waitFor(probe, {
      timeoutMs,
      signal: ctx.signal,
      what: `a FUSE mount on ${mountpoint}`,
    });
  } catch (e) {
    if (!(e instanceof WaitTimeout)) throw e;
  }
  await track();
  const holders = await devHolders(mark, opts.exclude);
  if (!seen || !('mount' in seen)) {
    const elsewhere = await unmountElsewhere(markedConns(holders), mountpoint);
    const lines = output.flatMap((o) => o.lines);
    throw new MountFailed(mountFailure({ command: opts.fs, seen, elsewhere, lines, timeoutMs }));
  }
  const conn = connectionOf(seen.mount);
  ctx.trackConnection(conn);
  const daemonPids = servingConn(holders, conn);
  return {
    mountpoint,
    conn,
    mountId: seen.mount.id,
    fstype: seen.mount.fstype,
    command,
    sh,
    shPid: sh.pid,
    daemonPids,
    mark,
    output,
  };
}
