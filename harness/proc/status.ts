// /proc/PID/task/TID/status: "Key:\tvalue" lines (proc_pid_status in fs/proc/array.c).
// Signal masks: SigPnd is the task's own pending set, ShdPnd the thread group's
// shared one (where kill(2) puts a process-directed signal such as SIGKILL).
import { readText } from './read.js';
import { decodeSigMask } from './signals.js';

// Pending, blocked, ignored and caught signals, by name, with the raw masks.
export interface SignalSets {
  pending: string[];
  shared: string[];
  blocked: string[];
  ignored: string[];
  caught: string[];
  raw: { SigPnd: string; ShdPnd: string; SigBlk: string; SigIgn: string; SigCgt: string };
}

// The fields of a status file that the harness uses.
export interface TaskStatus {
  name: string;
  /** state letter and word: 'D', 'disk sleep' */
  state: string;
  stateName: string;
  tgid: number;
  pid: number;
  ppid: number;
  tracerPid: number;
  /** this task's pid in each pid namespace, outermost first (the reader's view) */
  nspid: number[];
  nstgid: number[];
  threads: number;
  signals: SignalSets;
}

// Every "Key: value" pair of a status file.
export function parseStatusFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return fields;
}

function ids(v: string | undefined): number[] {
  return (v ?? '').split(/\s+/).filter(Boolean).map(Number);
}

// Parses a status file; throws on text without Name/State/Pid.
export function parseStatus(text: string): TaskStatus {
  const f = parseStatusFields(text);
  const state = f.get('State');
  const name = f.get('Name');
  const pid = f.get('Pid');
  if (state === undefined || name === undefined || pid === undefined) {
    throw new Error('not a /proc status file: no Name, State or Pid');
  }
  const mask = (k: string): string => f.get(k) ?? '0';
  const m = /^(\S)\s*\((.*)\)$/.exec(state);
  return {
    name,
    state: m?.[1] ?? state,
    stateName: m?.[2] ?? '',
    tgid: Number(f.get('Tgid')),
    pid: Number(pid),
    ppid: Number(f.get('PPid')),
    tracerPid: Number(f.get('TracerPid') ?? 0),
    nspid: ids(f.get('NSpid')),
    nstgid: ids(f.get('NStgid')),
    threads: Number(f.get('Threads')),
    signals: {
      pending: decodeSigMask(mask('SigPnd')),
      shared: decodeSigMask(mask('ShdPnd')),
      blocked: decodeSigMask(mask('SigBlk')),
      ignored: decodeSigMask(mask('SigIgn')),
      caught: decodeSigMask(mask('SigCgt')),
      raw: {
        SigPnd: mask('SigPnd'),
        ShdPnd: mask('ShdPnd'),
        SigBlk: mask('SigBlk'),
        SigIgn: mask('SigIgn'),
        SigCgt: mask('SigCgt'),
      },
    },
  };
}

// The status of task TID of process PID, or null when it is gone.
export async function readTaskStatus(pid: number, tid: number = pid): Promise<TaskStatus | null> {
  const text = await readText(`/proc/${pid}/task/${tid}/status`);
  return text === null ? null : parseStatus(text);
}
