// Who is who across pid namespaces, read from /proc: NSpid lists a task's pid
// in every namespace from the outermost (ours) to its own, so the last entry
// is what the task sees as its pid (getpid()) and the first is ours.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { parseStat } from '../proc/stat.js';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the task is gone (ENOENT/ESRCH)
  }
}

/** NSpid of a task, outermost first; [] once it is gone. */
export function nsPids(pid: number): number[] {
  const line = read(`/proc/${pid}/status`)?.match(/^NSpid:\s*(.*)$/m)?.[1];
  return line ? line.trim().split(/\s+/).map(Number) : [];
}

/** The thread ids of a process ([] once it is gone). */
export function threadIds(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** Direct children of a process, over all its threads (a child belongs to the thread that forked it). */
export function childPids(pid: number): number[] {
  const out = new Set<number>();
  for (const tid of threadIds(pid)) {
    const text = read(`/proc/${pid}/task/${tid}/children`);
    // Kernels built without CONFIG_PROC_CHILDREN (tinyconfig-based guests) have no such file.
    if (text === undefined) return childPidsByParent(pid);
    for (const c of text.trim().split(/\s+/)) if (c) out.add(Number(c));
  }
  return [...out].sort((a, b) => a - b);
}

// The slow way: every process whose stat names PID as its parent.
function childPidsByParent(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (stat !== undefined && parseStat(stat).ppid === pid) out.push(Number(name));
  }
  return out.sort((a, b) => a - b);
}

/** Every descendant of a process, breadth first. */
export function descendantPids(pid: number): number[] {
  const out: number[] = [];
  for (let queue = childPids(pid); queue.length > 0;) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...childPids(p));
  }
  return out;
}

/** The pid namespace of a task ('pid:[4026532xxx]'), undefined once it is gone. */
export function pidNamespace(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return undefined;
  }
}

/** Our pid for a task that calls itself `inner` in a namespace below `root` (a descendant of root). */
export function outerPid(root: number, inner: number): number | undefined {
  return [root, ...descendantPids(root)].find((p) => nsPids(p).at(-1) === inner);
}

/** A process with its threads, as seen from here and from inside its namespace. */
export interface ProcessIds {
  pid: number;
  /** NSpid: our pid first, the namespace's own last */
  nspid: number[];
  tids: number[];
  comm?: string;
}

/** The ids of a process, or undefined once it is gone. */
export function processIds(pid: number): ProcessIds | undefined {
  const nspid = nsPids(pid);
  if (nspid.length === 0) return undefined;
  return { pid, nspid, tids: threadIds(pid), comm: read(`/proc/${pid}/comm`)?.trim() };
}
