// Which FUSE connection a stuck task waits on. The kernel stack names no
// connection (request_wait_answer only has the fuse_req), so this is inferred:
// from the FUSE mounts the task has files on (fdinfo mnt_id -> mountinfo), its
// cwd and root, and, as supporting evidence, which connections have requests
// waiting (fusectl `waiting`). The answer always says it is inferred and why.
import type { OpenFile } from './fds.js';
import type { FuseConnection } from '../../src/mount/fusectl.js';
import { connectionOf, isFuseMount, mountOf, type Mount } from '../../src/mount/mountinfo.js';

// What the inference needs, all read beforehand (so tests feed samples).
export interface FuseWaitInput {
  stack: readonly string[] | null;
  /** PF_EXITING: do_exit has begun, exit_files may have released the fd table */
  exiting: boolean;
  fds: readonly OpenFile[] | null;
  cwd: string | null;
  root: string | null;
  /** /proc/PID/mountinfo: mount ids match fdinfo's mnt_id */
  taskMounts: readonly Mount[];
  /** the reader's mountinfo: cwd/root links are printed relative to the reader's root */
  selfMounts: readonly Mount[];
  connections: readonly FuseConnection[];
}

// The inferred connection, with the reasons.
export interface FuseWait {
  /** fusectl connection id, or null when it cannot be told */
  conn: number | null;
  mountpoint: string | null;
  fstype: string | null;
  waiting: number | null;
  inferred: true;
  /** why: 'fd 7 on /mnt (fuse.x)', 'cwd on ...', 'only connection with waiting > 0' */
  basis: string[];
  /** every connection the task has a file, cwd or root on */
  candidates: number[];
  note?: string;
}

// A frame of the FUSE client side (fs/fuse): fuse_*, request_wait_answer, ...
export function isFuseFrame(frame: string): boolean {
  return frame.includes('fuse') || frame === 'request_wait_answer';
}

// A frame of a wait for file pages, on any filesystem: a FUSE read that never
// answers leaves readers (read(2), page faults of mmap, execve reading the binary)
// waiting on the folio lock with no fuse frame on their stack at all.
export function isPageWaitFrame(frame: string): boolean {
  return /^(folio_wait|__folio_lock|wait_on_page|__lock_page|filemap_)/.test(frame);
}

// A stack that waits on a FUSE server: a FUSE frame, or a wait for file pages
// (a read the server never answers leaves no FUSE frame, see isPageWaitFrame).
export function waitsOnFuse(stack: readonly string[]): boolean {
  return stack.some(isFuseFrame) || stack.some(isPageWaitFrame);
}

interface Candidate {
  conn: number;
  mount: Mount;
  why: string;
}

function candidatesOf(input: FuseWaitInput): Candidate[] {
  const out: Candidate[] = [];
  const byId = new Map(input.taskMounts.map((m) => [m.id, m]));
  for (const f of input.fds ?? []) {
    const m = byId.get(f.mntId);
    if (m && isFuseMount(m)) out.push({ conn: connectionOf(m), mount: m, why: `fd ${f.fd}` });
  }
  for (const [what, path] of [
    ['cwd', input.cwd],
    ['root', input.root],
  ] as const) {
    const m = path === null ? undefined : mountOf(input.selfMounts, path);
    if (m && isFuseMount(m)) out.push({ conn: connectionOf(m), mount: m, why: what });
  }
  return out;
}

// Infers the connection a task waits on; null when nothing ties it to FUSE.
export function inferFuseWait(input: FuseWaitInput): FuseWait | null {
  const cands = candidatesOf(input);
  const conns = [...new Set(cands.map((c) => c.conn))];
  const busy = input.connections.filter((c) => c.waiting > 0);
  const pageWait =
    input.stack !== null && !input.stack.some(isFuseFrame) && input.stack.some(isPageWaitFrame);
  const fuseStack = input.stack === null || input.stack.some(isFuseFrame) || pageWait;
  const notes: string[] = [];
  // close(2) takes the fd out of the table (file_close_fd) before filp_close
  // flushes it, so the file being flushed is never among the fds
  const closing = input.stack?.some((f) => f === 'filp_close' || f === 'filp_flush') ?? false;
  if (closing && !input.exiting)
    notes.push('in close(): the file being flushed has left the fd table');
  if (input.fds === null) notes.push('fd table unreadable');
  else if (input.fds.length === 0 && input.exiting) {
    notes.push('task is exiting (PF_EXITING) and its fd table is already released (exit_files)');
  }

  let conn: number | null = null;
  if (conns.length === 1) conn = conns[0] as number;
  else if (conns.length > 1) {
    const busyOnes = conns.filter((c) => busy.some((b) => b.id === c));
    if (busyOnes.length === 1) conn = busyOnes[0] as number;
    else notes.push(`on ${conns.length} FUSE connections; cannot tell which`);
  }
  const basis: string[] = [];
  if (conn !== null) {
    for (const c of cands.filter((x) => x.conn === conn)) {
      basis.push(`${c.why} on ${c.mount.mountpoint} (${c.mount.fstype})`);
    }
  }
  // a task can only wait on a connection whose mount it can see: in a private
  // mount namespace that narrows the busy connections down
  const visible = new Set(input.taskMounts.filter(isFuseMount).map(connectionOf));
  const busyHere = busy.filter((b) => visible.has(b.id));
  const why = pageWait ? '; the stack waits on file pages, filesystem not named' : '';
  if (conn === null && conns.length === 0 && fuseStack) {
    if (busy.length === 1) {
      conn = (busy[0] as FuseConnection).id;
      basis.push(`only connection with waiting > 0 (sole basis${why})`);
    } else if (busyHere.length === 1) {
      conn = (busyHere[0] as FuseConnection).id;
      basis.push(
        `only connection with waiting > 0 mounted in the task's mount namespace (sole basis${why})`,
      );
    }
  } else if (busy.length === 1) {
    const only = (busy[0] as FuseConnection).id;
    if (conn === only) basis.push('only connection with waiting > 0');
    else if (conn !== null) notes.push(`the only connection with waiting > 0 is ${only}`);
  }
  if (conn === null && conns.length === 0 && !fuseStack) return null;
  if (conns.length === 0) notes.push('no file, cwd or root on a FUSE mount');

  const mount =
    cands.find((c) => c.conn === conn)?.mount ??
    [...input.taskMounts, ...input.selfMounts].find(
      (m) => isFuseMount(m) && connectionOf(m) === conn,
    );
  return {
    conn,
    mountpoint: mount?.mountpoint ?? null,
    fstype: mount?.fstype ?? null,
    waiting: input.connections.find((c) => c.id === conn)?.waiting ?? null,
    inferred: true,
    basis,
    candidates: conns,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}
