// Fault spec inputs: about half built from the grammar in src/faults/spec.ts
// (so the parser's accepting paths and the rule engine get exercised), the
// rest mutated from those or made of grammar pieces in the wrong order.
import { FAULT_OPS } from '../../src/faults/ops.js';
import type { Rng } from './random.js';

const GLOB_PIECES = ['*', '**', '?', '/', '/**/', 'a', 'b', 'x.txt', 'data', '.', '[', '\\', ' '];
const DURATIONS = ['0', '1', '200ms', '1.5s', '2m', '1h', '.5s', '999999999h', '-1s', '1d', 'ms'];
const ERRNOS = ['EIO', 'ENOSPC', 'EINTR', '5', '511', '512', '0', 'eio', 'EFOO', '-5', '1e3'];
const LIMITS = ['first=1', 'every=3', 'p=0.25', 'p=1', 'p=0', 'p=.5,seed=7', 'seed=1', 'first=0'];
const JUNK = [':', ',', '@', '+', '=', '', ' ', '\n', '\u00e9', '\u0000', '%', '"', '{}', 'ｓtall'];

/** A path glob from wildcard and literal pieces (wildcards repeated, the usual backtracking trap). */
export function genGlob(rng: Rng): string {
  let g = '/';
  const n = rng.int(0, 8);
  for (let i = 0; i < n; i++) g += rng.pick(GLOB_PIECES);
  return g;
}

/** A request path to try a glob against: short, deep, or long runs of one letter. */
export function genPath(rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return `/${rng.pick(['a', 'b', 'data', 'x.txt'])}`;
    case 1:
      return `/${Array.from({ length: rng.int(1, 12) }, () => rng.chars('abx/.', rng.int(1, 5))).join('/')}`;
    case 2:
      return `/${'a'.repeat(rng.int(20, 200))}${rng.pick(['', 'b', '/b', 'x.txt'])}`;
    default:
      return `/${Array.from({ length: rng.int(10, 60) }, () => 'a').join('/')}/b`;
  }
}

function ops(rng: Rng): string {
  if (rng.chance(0.15)) return 'all';
  const n = rng.int(1, 3);
  return Array.from({ length: n }, () => rng.pick(FAULT_OPS)).join('+');
}

function action(rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return 'stall';
    case 1:
      return 'stop';
    case 2:
      return `delay=${rng.pick(DURATIONS)}`;
    default:
      return `errno=${rng.pick(ERRNOS)}`;
  }
}

/** A spec from the grammar (still invalid at times: repeated ops, bad durations). */
export function genGrammarSpec(rng: Rng): string {
  if (rng.chance(0.1)) {
    const how = rng.pick(['ignore', 'honour', 'honor', `honour=${rng.pick(DURATIONS)}`]);
    return `interrupts${rng.chance(0.4) ? `@${genGlob(rng)}` : ''}:${how}`;
  }
  const glob = rng.chance(0.4) ? `@${genGlob(rng)}` : '';
  const limits = Array.from({ length: rng.int(0, 2) }, () => `,${rng.pick(LIMITS)}`).join('');
  return `${ops(rng)}${glob}:${action(rng)}${limits}`;
}

/** Spec text with one to three random edits: deletions, insertions of junk, swaps. */
export function mutate(rng: Rng, s: string): string {
  let out = s;
  for (let k = rng.int(1, 3); k > 0; k--) {
    const at = rng.int(0, out.length);
    switch (rng.int(0, 3)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + rng.int(1, 4));
        break;
      case 1:
        out = out.slice(0, at) + rng.pick(JUNK) + out.slice(at);
        break;
      case 2:
        out = out.slice(at) + out.slice(0, at);
        break;
      default:
        out = out.slice(0, at) + out.slice(at).toUpperCase();
    }
  }
  return out;
}

/** One fuzzed spec: grammar-built, mutated, or pieces in a random order. */
export function genSpec(rng: Rng): string {
  const r = rng.float();
  if (r < 0.5) return genGrammarSpec(rng);
  if (r < 0.85) return mutate(rng, genGrammarSpec(rng));
  const pieces = [ops(rng), action(rng), rng.pick(LIMITS), genGlob(rng), ...JUNK];
  return Array.from({ length: rng.int(1, 6) }, () => rng.pick(pieces)).join('');
}
