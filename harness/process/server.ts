// A `fusefault serve` for a case: started from the compiled CLI, optionally as
// a child of an init in a new pid namespace, with every pid, the mount and the
// connection handed to the CaseContext the moment they are known, so recovery
// can abort, kill and unmount whatever happens to the case.
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { CaseContext } from '../runner/types.js';
import { ctlRequest } from '../../src/control/client.js';
import type { CtlReply, CtlRequest } from '../../src/control/protocol.js';
import { parseTrace } from '../../src/trace/trace.js';
import type { TraceEvent } from '../../src/trace/types.js';
import { tapLines, type LineTap } from './lines.js';
import { startInPidNs, shellInit, type PidNsHandle } from './namespace.js';
import { outerPid } from './pids.js';

const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

/** What a case asks of its server. */
export interface ServerOptions {
  /** default: a fresh directory under ctx.workdir */
  mountpoint?: string;
  /** fault specs, one --fault each */
  faults?: string[];
  /** existing files (paths inside the mount) the server opens on its own mount and keeps open */
  holdOpen?: string[];
  /** as holdOpen, created when missing */
  holdOpenCreate?: string[];
  /** seconds, asked of the kernel in the INIT reply (FUSE_REQUEST_TIMEOUT) */
  requestTimeout?: number;
  /** trace file; default: under ctx.workdir */
  trace?: string;
  /** run the server as the child of a shell init in a new pid namespace */
  inPidNs?: boolean | { mountProc?: boolean };
  /** raw (default): our /dev/fuse engine; fuse-native: libfuse2, which refuses some faults */
  backend?: 'raw' | 'fuse-native';
  /** clients run as other users than the server: mount with allow_other */
  allowOther?: boolean;
  /** the server must see every access (no default_permissions) and checks them itself */
  serverPermissions?: boolean;
  readyTimeoutMs?: number;
}

/** A running server, with our pids for everything it runs. */
export interface ServerHandle {
  /** our pid of the serving process */
  pid: number;
  /** the pid the server printed (its own view; differs from ours inside a namespace) */
  printed: { pid: number };
  conn: number;
  mountpoint: string;
  control: string;
  trace: string;
  /** set when the server runs in a pid namespace of its own */
  ns?: PidNsHandle;
  /** the process we spawned (unshare inside a namespace, else the server) */
  proc: ResultPromise;
  stderr: LineTap;
  ctl(req: CtlRequest, opts?: { timeoutMs?: number }): Promise<CtlReply>;
  /** every complete event in the trace file so far (written at least every 100 ms) */
  events(): TraceEvent[];
  /** signals the whole process group (the server; init too in a namespace) */
  signalGroup(sig: NodeJS.Signals): void;
}

/** What serve's ready line says. */
export interface ReadyLine {
  conn: number;
  mountpoint: string;
  control: string;
  /** the server's pid in its own pid namespace */
  pid: number;
}

const READY = /^ready conn=(\d+) mountpoint=(\S+) control=(\S+) pid=(\d+)$/;

/** Parses `ready conn=N mountpoint=M control=S pid=P`; undefined for any other line. */
export function parseReady(line: string): ReadyLine | undefined {
  const m = READY.exec(line);
  if (!m) return undefined;
  return { conn: Number(m[1]), mountpoint: m[2]!, control: m[3]!, pid: Number(m[4]) };
}

/** Every event of a live server's trace file so far ([] before it exists). */
export function readTrace(file: string): TraceEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return parseTrace(text, file);
}

/** Starts `fusefault serve` and resolves once it printed its ready line. */
export async function startServer(
  ctx: CaseContext,
  opts: ServerOptions = {},
): Promise<ServerHandle> {
  // a slow guest (TCG under load) may take many seconds to start node
  const scale = Number(process.env.FUSEFAULT_TIMEOUT_SCALE) || 1;
  const { faults = [], holdOpen = [], holdOpenCreate = [], requestTimeout, inPidNs } = opts;
  const { readyTimeoutMs = 20_000 * scale } = opts;
  const mountpoint = opts.mountpoint ?? mkdtempSync(join(ctx.workdir, 'mnt-'));
  const n = Math.random().toString(36).slice(2, 8);
  const control = join(ctx.workdir, `ctl-${n}.sock`);
  const trace = opts.trace ?? join(ctx.workdir, `trace-${n}.jsonl`);
  const argv = [CLI, 'serve', mountpoint, '--control', control, '--trace', trace];
  for (const f of faults) argv.push('--fault', f);
  for (const h of holdOpen) argv.push('--hold-open', h);
  for (const h of holdOpenCreate) argv.push('--hold-open-create', h);
  if (requestTimeout !== undefined) argv.push('--request-timeout', String(requestTimeout));
  if (opts.backend) argv.push('--backend', opts.backend);
  if (opts.allowOther) argv.push('--allow-other');
  if (opts.serverPermissions) argv.push('--server-permissions');
  ctx.trackMount(mountpoint);
  ctx.timeline?.trace(trace, ['serve', ...faults].join(' '));

  let ns: PidNsHandle | undefined;
  let proc: ResultPromise;
  let stdout: LineTap;
  if (inPidNs) {
    const nsOpts = typeof inPidNs === 'object' ? inPidNs : {};
    ns = await startInPidNs({
      init: shellInit([process.execPath, ...argv]),
      mountProc: nsOpts.mountProc,
      track: ctx,
    });
    ({ proc, stdout } = ns);
  } else {
    // its own process group: a SIGSTOP of the group reaches the server only (its
    // guardian runs in a session of its own)
    proc = execa(process.execPath, argv, {
      reject: false,
      detached: true,
      stdin: 'ignore',
      buffer: false,
    });
    if (proc.pid === undefined) throw new Error('fusefault serve: spawn failed');
    ctx.trackPid(proc.pid);
    stdout = tapLines(proc.stdout!);
  }
  const stderr = tapLines(proc.stderr!);
  let line: string;
  try {
    line = await stdout.next((l) => l.startsWith('ready '), readyTimeoutMs);
  } catch (err) {
    proc.kill('SIGKILL');
    const why = stderr.lines.join(' | ') || (err as Error).message;
    throw new Error(`fusefault serve did not get ready: ${why}`, { cause: err });
  }
  const ready = parseReady(line);
  if (!ready) {
    proc.kill('SIGKILL');
    throw new Error(`fusefault serve printed a ready line of another form: ${line}`);
  }
  const { conn } = ready;
  ctx.trackConnection(conn);
  const printed = { pid: ready.pid };
  const pid = ns ? outerPid(ns.initPid, printed.pid) : printed.pid;
  if (pid === undefined)
    throw new Error(`server pid ${printed.pid} not found below the namespace init`);
  ctx.trackPid(pid);
  const pgid = ns?.unsharePid ?? proc.pid!;
  return {
    pid,
    printed,
    conn,
    mountpoint: ready.mountpoint,
    control: ready.control,
    trace,
    ns,
    proc,
    stderr,
    ctl: (req, o) => ctlRequest(control, req, o),
    events: () => readTrace(trace),
    signalGroup: (sig) => {
      ctx.timeline?.signal(pgid, sig, { group: true });
      try {
        process.kill(-pgid, sig);
      } catch {
        // the group is gone
      }
    },
  };
}
