// Fault spec strings (one per --fault, or `ctl add`) parsed into rules.
//
// Grammar:
//   SPEC   := OPS [ '@' GLOB ] ':' ACTION { ',' LIMIT }
//           | 'interrupts' [ '@' GLOB ] ':' ( 'ignore' | ('honour' | 'honor') [ '=' DURATION ] )
//   OPS    := 'all' | OP { '+' OP }          OP: a FUSE opcode in lower case (flush, getattr, ...)
//   GLOB   := a path inside the mount: '*' and '?' within one component, '**' across
//   ACTION := 'stall' | 'delay=' DURATION | 'errno=' (NAME | NUMBER) | 'stop'
//   LIMIT  := 'first=' N | 'every=' N | 'p=' FLOAT [ ',seed=' N ]
//   DURATION := NUMBER ( 'ms' | 's' | 'm' | 'h' )?   (a bare number is ms)
// A rule with a glob never matches a request whose path is unknown.
import { quote, UsageError } from '../errors.js';
import { parseDuration } from './duration.js';
import { ACTIONS, isActionKind } from './actions.js';
import { FAULT_OP_SET, FAULT_OPS } from './ops.js';
import type { Action, Limit, Rule } from './types.js';

/** Text for `serve --help` describing --fault. */
export const FAULT_SPEC_HELP = `Fault spec: OPS[@GLOB]:ACTION[,LIMIT...]
  OPS     an operation (lookup, getattr, open, read, write, flush, release, ...), several joined
          with '+' (read+write), or 'all'
  GLOB    the request's path inside the mount: '*' and '?' within one component, '**' across
  ACTION  stall | delay=DURATION (200ms, 1.5s, 2m; bare number = ms) | errno=NAME|NUMBER | stop
  LIMIT   first=N (only the first N matches) | every=N (the Nth, 2Nth, ...) | p=0.25[,seed=N]
          (several limits must all admit a match)
Rules are tried in order; the first that matches and whose limits admit the request decides.
Interrupt policy: interrupts[@GLOB]:ignore | interrupts[@GLOB]:honour[=DURATION]
          (the last matching interrupts rule applies; without one, interrupts are ignored)
Examples: flush:stall  getattr:delay=200ms  write:errno=EIO  read@/data/*:stall  all:stop
          interrupts:honour=1s  read+write:errno=ENOSPC,every=3  lookup:delay=50ms,p=0.1,seed=7`;

/** A parsed spec: a Rule without its id and hit count. */
export type ParsedSpec = Omit<Rule, 'id' | 'hits'>;

const KNOWN_ACTIONS = Object.values(ACTIONS)
  .map((a) => a.syntax)
  .join(', ');

/** Parses SPEC; throws UsageError `bad fault spec 'SPEC': reason` when malformed. */
export function parseFaultSpec(spec: string): ParsedSpec {
  try {
    return parse(spec.trim());
  } catch (err) {
    if (err instanceof SpecError)
      throw new UsageError(`bad fault spec ${quote(spec)}: ${err.message}`);
    throw err;
  }
}

class SpecError extends Error {}

function parse(spec: string): ParsedSpec {
  if (spec === '') throw new SpecError('empty spec (expected OPS[@GLOB]:ACTION)');
  // The action never holds ':', a glob may: split at the last one.
  const colon = spec.lastIndexOf(':');
  if (colon < 0) throw new SpecError(`missing ':ACTION' (expected OPS[@GLOB]:ACTION)`);
  const head = spec.slice(0, colon);
  const [actionText = '', ...limitTexts] = spec.slice(colon + 1).split(',');
  const at = head.indexOf('@');
  const opsText = at < 0 ? head : head.slice(0, at);
  const glob = at < 0 ? undefined : head.slice(at + 1);
  checkBlanks(at < 0 ? spec : spec.slice(0, at) + spec.slice(colon), glob);
  if (glob !== undefined) checkGlob(glob);
  const ops = parseOps(opsText);
  if (ops[0] === 'interrupts') {
    if (limitTexts.length > 0) throw new SpecError(`interrupts rules take no limits`);
    return { spec, ops, glob, action: parseInterrupts(actionText), limit: {} };
  }
  return { spec, ops, glob, action: parseAction(actionText), limit: parseLimits(limitTexts) };
}

// `getattr:delay= 5ms` is a typo, not 5 ms: no blank anywhere in a spec but
// in its glob, where a file name may hold a space; no control character at all.
function checkBlanks(outsideGlob: string, glob: string | undefined): void {
  if (/\s/.test(outsideGlob)) throw new SpecError(`a blank inside the spec (outside a path glob)`);
  if (glob !== undefined && /[^\S ]/.test(glob))
    throw new SpecError(`a control character or blank other than a space in the path glob`);
}

function checkGlob(glob: string): void {
  if (glob === '') throw new SpecError(`empty path glob after '@'`);
  if (!glob.startsWith('/')) throw new SpecError(`path glob ${quote(glob)} must start with '/'`);
}

function parseOps(text: string): string[] {
  if (text === '') throw new SpecError(`missing operation before ':' (an operation or 'all')`);
  const ops = text.split('+');
  for (const op of ops) {
    if (op === '') throw new SpecError(`empty operation in ${quote(text)}`);
    if ((op === 'all' || op === 'interrupts') && ops.length > 1)
      throw new SpecError(`${quote(op)} cannot be combined with other operations`);
    if (op !== 'all' && op !== 'interrupts' && !FAULT_OP_SET.has(op)) {
      const hint =
        op === 'interrupt' ? ` (interrupt policy: interrupts:ignore or interrupts:honour)` : '';
      throw new SpecError(
        `unknown operation ${quote(op)}${hint} (known: all, interrupts, ${FAULT_OPS.join(', ')})`,
      );
    }
  }
  if (new Set(ops).size !== ops.length)
    throw new SpecError(`operation listed twice in ${quote(text)}`);
  return ops;
}

function parseAction(text: string): Action {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? undefined : text.slice(eq + 1);
  if (isActionKind(name)) {
    const a = ACTIONS[name].parse(value);
    if (typeof a === 'string') throw new SpecError(a);
    return a;
  }
  if (name === '') throw new SpecError(`missing action after ':' (known: ${KNOWN_ACTIONS})`);
  if (name === 'ignore' || name === 'honour' || name === 'honor')
    throw new SpecError(`${quote(name)} is an interrupts action (interrupts:${name})`);
  throw new SpecError(`unknown action ${quote(name)} (known: ${KNOWN_ACTIONS})`);
}

function parseInterrupts(text: string): Action {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? undefined : text.slice(eq + 1);
  if (name === 'ignore') {
    if (value !== undefined) throw new SpecError(`'ignore' takes no value`);
    return { kind: 'interrupts', policy: { kind: 'ignore' } };
  }
  if (name === 'honour' || name === 'honor') {
    let delayMs = 0;
    if (value !== undefined) {
      const d = parseDuration(value);
      if ('error' in d) throw new SpecError(d.error);
      delayMs = d.ms;
    }
    return { kind: 'interrupts', policy: { kind: 'honour', delayMs } };
  }
  throw new SpecError(
    `unknown interrupts action ${quote(text)} (known: ignore, honour[=DURATION])`,
  );
}

function parseLimits(texts: string[]): Limit {
  const limit: Limit = {};
  for (const text of texts) {
    if (text === '') throw new SpecError(`empty limit after ','`);
    const eq = text.indexOf('=');
    const key = eq < 0 ? text : text.slice(0, eq);
    const value = eq < 0 ? '' : text.slice(eq + 1);
    if (key !== 'first' && key !== 'every' && key !== 'p' && key !== 'seed')
      throw new SpecError(`unknown limit ${quote(text)} (known: first=N, every=N, p=0.25, seed=N)`);
    if (limit[key] !== undefined) throw new SpecError(`limit ${quote(key)} given twice`);
    if (key === 'p') {
      const p = /^(?:0|1|0?\.\d+|[01]\.0*)$/.test(value) ? Number(value) : NaN;
      if (!(p >= 0 && p <= 1))
        throw new SpecError(`bad p ${quote(value)} (a probability from 0 to 1)`);
      limit.p = p;
    } else {
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      const min = key === 'seed' ? 0 : 1;
      if (!(n >= min && n <= 2 ** 32 - 1))
        throw new SpecError(
          `bad ${key} ${quote(value)} (an integer ${min === 0 ? '>= 0' : '>= 1'})`,
        );
      limit[key] = n;
    }
  }
  if (limit.seed !== undefined && limit.p === undefined)
    throw new SpecError(`'seed' only applies with 'p'`);
  return limit;
}
