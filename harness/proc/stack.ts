// Kernel stacks and wait channels. /proc/PID/task/TID/stack (proc_pid_stack,
// root only: CAP_SYS_ADMIN) prints "[<0>] fuse_flush+0x12a/0x1e0 [fuse]", innermost
// frame first; wchan prints the function the task sleeps in, or "0".
import { readText, readTextWithin } from './read.js';

// Frame names without address, "+off/len" and module suffix, innermost first.
export function parseStack(text: string): string[] {
  const frames: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(?:\[<[0-9a-fx]+>\]\s*)?([^\s+]+)(?:\+0x[0-9a-f]+\/0x[0-9a-f]+)?/.exec(line);
    if (m?.[1]) frames.push(m[1]);
  }
  return frames;
}

// The wait channel, or null when the task is running or has none ("0"). get_wchan()
// also gives "0" for a task in S or D that is still on its run queue (on a busy CPU,
// with delayed dequeue since 6.12), so a null here does not mean the task is awake.
export function parseWchan(text: string): string | null {
  const w = text.trim();
  return w === '' || w === '0' ? null : w;
}

// Whether a stack holds every frame in `frames` (in any order, as a stack lists
// request_wait_answer above fuse_flush while people say "fuse_flush, request_wait_answer").
export function hasFrames(stack: readonly string[], frames: readonly string[]): boolean {
  return frames.every((f) => stack.includes(f));
}

// How long a stack read may take before it counts as blocked.
export const STACK_READ_MS = 1000;

// A task's kernel stack, or null with the reason it could not be read.
export interface StackRead {
  frames: string[] | null;
  error: string | null;
}

// The kernel stack of a task (innermost first), or null when unreadable, gone,
// or blocked for STACK_READ_MS (readStackWithReason says which).
export async function readStack(pid: number, tid: number = pid): Promise<string[] | null> {
  return (await readStackWithReason(pid, tid)).frames;
}

// Reads the kernel stack of a task, never waiting longer than STACK_READ_MS.
export async function readStackWithReason(pid: number, tid: number = pid): Promise<StackRead> {
  const r = await readTextWithin(`/proc/${pid}/task/${tid}/stack`, STACK_READ_MS);
  if (r === 'blocked') {
    return {
      frames: null,
      error: 'read blocked: the task holds the lock lock_trace takes (in execve?)',
    };
  }
  if (r === null) return { frames: null, error: process.getuid?.() === 0 ? 'gone' : 'root only' };
  return { frames: parseStack(r), error: null };
}

// The wait channel of a task, or null.
export async function readWchan(pid: number, tid: number = pid): Promise<string | null> {
  const text = await readText(`/proc/${pid}/task/${tid}/wchan`);
  return text === null ? null : parseWchan(text);
}
