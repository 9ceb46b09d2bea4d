// Control socket messages (JSON lines, see ./types.ts): the request shapes,
// the reply shapes, and checking an incoming line against them.
import type { Rule } from '../faults/types.js';
import type { TraceEvent } from '../trace/types.js';
import type { ServerStatus } from './types.js';

/** One control request. */
export type CtlRequest =
  | { cmd: 'add'; spec: string }
  | { cmd: 'list' }
  | { cmd: 'remove'; rule: number }
  | { cmd: 'clear' }
  | { cmd: 'release'; rule?: number }
  | { cmd: 'stop'; reason?: string }
  | { cmd: 'resume' }
  | { cmd: 'status' }
  | { cmd: 'events' }
  | { cmd: 'open'; path: string; flags: HoldFlags; create?: boolean };

/** How a held file is opened: O_RDONLY, O_WRONLY or O_RDWR. */
export type HoldFlags = 'r' | 'w' | 'rw';

/** The reply to one request: ok with the command's fields, or a one-line error. */
export type CtlReply =
  | {
      ok: true;
      rule?: Rule;
      rules?: Rule[];
      removed?: number;
      status?: ServerStatus;
      fd?: number;
    }
  | { ok: false; error: string };

/** A line the server streams after `events` replied ok. */
export interface CtlEventLine {
  event: TraceEvent;
}

/** Every command name, in the order `ctl --help` lists them. */
export const CTL_COMMANDS = [
  'add',
  'list',
  'remove',
  'clear',
  'release',
  'stop',
  'resume',
  'status',
  'events',
  'open',
] as const;

/** Checks one parsed JSON value; returns the request or a one-line reason it is not one. */
export function checkRequest(msg: unknown): CtlRequest | { error: string } {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
    return { error: 'a request must be a JSON object with a "cmd" field' };
  const m = msg as Record<string, unknown>;
  if (typeof m.cmd !== 'string') return { error: 'missing "cmd" (a string)' };
  switch (m.cmd) {
    case 'add':
      if (typeof m.spec !== 'string') return { error: 'add needs "spec" (a string)' };
      return { cmd: 'add', spec: m.spec };
    case 'remove':
      if (!isRuleId(m.rule))
        return { error: 'remove needs "rule" (a rule id, a positive integer)' };
      return { cmd: 'remove', rule: m.rule };
    case 'release':
      if (m.rule !== undefined && m.rule !== null && !isRuleId(m.rule))
        return { error: '"rule" must be a rule id (a positive integer) or absent' };
      return isRuleId(m.rule) ? { cmd: 'release', rule: m.rule } : { cmd: 'release' };
    case 'stop':
      if (m.reason !== undefined && typeof m.reason !== 'string')
        return { error: '"reason" must be a string' };
      return m.reason === undefined ? { cmd: 'stop' } : { cmd: 'stop', reason: m.reason };
    case 'open':
      if (typeof m.path !== 'string' || m.path === '')
        return { error: 'open needs "path" (a string)' };
      if (m.flags !== 'r' && m.flags !== 'w' && m.flags !== 'rw')
        return { error: 'open needs "flags": "r", "w" or "rw"' };
      if (m.create !== undefined && typeof m.create !== 'boolean')
        return { error: '"create" must be true, false or absent' };
      return m.create === true
        ? { cmd: 'open', path: m.path, flags: m.flags, create: true }
        : { cmd: 'open', path: m.path, flags: m.flags };
    case 'list':
    case 'clear':
    case 'resume':
    case 'status':
    case 'events':
      return { cmd: m.cmd };
    default:
      return { error: `unknown cmd '${m.cmd}' (known: ${CTL_COMMANDS.join(', ')})` };
  }
}

function isRuleId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}
