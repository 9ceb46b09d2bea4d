// The live rule set the engine consults for every request. Rules are tried in
// id order; decide() is on the hot path, so globs are compiled once and rules
// are indexed by operation (rebuilt only when the set changes).
import { EventEmitter } from 'node:events';
import { UsageError } from '../errors.js';
import { ACTIONS, isActionKind } from './actions.js';
import { anyGlob, compileGlob, globMatch, type Glob } from './glob.js';
import { admits } from './limits.js';
import { mixSeed, seededRandom } from './prng.js';
import { parseFaultSpec } from './spec.js';
import type { Decision, InterruptPolicy, RequestInfo, Rule } from './types.js';

/** What changed, passed with the 'change' event (mirrors the trace's 'rules' event). */
export interface RuleChange {
  change: 'add' | 'remove' | 'clear' | 'release';
  rule?: number;
}

/** A backend's veto: a one-line reason the rule cannot work there, or undefined. */
export type RuleValidator = (rule: Rule) => string | undefined;

/** The rules one op may meet, and when all have globs, one RegExp for "could any match". */
interface Candidates {
  rules: Live[];
  any?: RegExp;
}

interface Live {
  rule: Rule;
  glob?: Glob;
  /** matches of op and path so far, admitted or not */
  matches: number;
  random?: () => number;
}

const PASS: Decision = Object.freeze({ kind: 'pass' });
const IGNORE: InterruptPolicy = Object.freeze({ kind: 'ignore' });

/**
 * Fault rules with their limits. Events: 'release' (ruleId | undefined for
 * all) when requests held by a rule must now be answered normally, and
 * 'change' (RuleChange) after every add, remove, clear and release.
 */
export class FaultSet extends EventEmitter {
  readonly #seed: number;
  #nextId = 1;
  #rules: Live[] = [];
  #validators: RuleValidator[] = [];
  /** per-op decision rules (those naming the op plus 'all' rules), in id order */
  #byOp = new Map<string, Candidates>();
  /** decision rules for ops no rule names: the 'all' rules */
  #allOps: Candidates = { rules: [] };
  #interrupts: Live[] = [];

  constructor({ seed = 1 }: { seed?: number } = {}) {
    super();
    this.#seed = seed;
  }

  /** Parses SPEC and appends it as a rule; throws UsageError if malformed or vetoed. */
  add(spec: string): Rule {
    const parsed = parseFaultSpec(spec);
    // The parts are shared with every copy list() hands out: frozen, so no
    // caller can change a rule behind the index.
    const rule: Rule = {
      ...parsed,
      ops: Object.freeze(parsed.ops) as string[],
      action: Object.freeze(parsed.action),
      limit: Object.freeze(parsed.limit),
      id: this.#nextId,
      hits: 0,
    };
    for (const v of this.#validators) {
      const why = v(rule);
      if (why !== undefined) throw new UsageError(why);
    }
    this.#nextId += 1;
    const { limit } = rule;
    const live: Live = { rule, matches: 0 };
    if (rule.glob !== undefined) live.glob = compileGlob(rule.glob);
    if (limit.p !== undefined)
      live.random = seededRandom(limit.seed ?? mixSeed(this.#seed, rule.id));
    this.#rules.push(live);
    this.#reindex();
    this.emit('change', { change: 'add', rule: rule.id } satisfies RuleChange);
    return { ...rule };
  }

  /** Removes rule ID (its held requests are released first); false if there is none. */
  remove(id: number): boolean {
    const i = this.#rules.findIndex((l) => l.rule.id === id);
    if (i < 0) return false;
    const [live] = this.#rules.splice(i, 1);
    this.#reindex();
    const kind = live?.rule.action.kind;
    if (kind !== undefined && isActionKind(kind) && ACTIONS[kind].holds) this.emit('release', id);
    this.emit('change', { change: 'remove', rule: id } satisfies RuleChange);
    return true;
  }

  /** Removes every rule and releases everything held; returns how many were removed. */
  clear(): number {
    const n = this.#rules.length;
    this.#rules = [];
    this.#reindex();
    this.emit('release', undefined);
    this.emit('change', { change: 'clear' } satisfies RuleChange);
    return n;
  }

  /** Answers the requests held by rule ID (all rules when omitted); the rule stays. False if no such rule. */
  release(id?: number): boolean {
    if (id !== undefined && !this.#rules.some((l) => l.rule.id === id)) return false;
    this.emit('release', id);
    this.emit('change', { change: 'release', rule: id } satisfies RuleChange);
    return true;
  }

  /** Copies of the rules, in id order, with their hit counts. */
  list(): Rule[] {
    return this.#rules.map((l) => ({ ...l.rule }));
  }

  /** Registers a backend veto; throws UsageError (and registers nothing) if a present rule is vetoed. */
  addValidator(fn: RuleValidator): void {
    for (const l of this.#rules) {
      const why = fn(l.rule);
      if (why !== undefined) throw new UsageError(why);
    }
    this.#validators.push(fn);
  }

  /**
   * The first rule for this op and path whose limit admits this match
   * decides. Every rule tried counts the match, admitted or not; rules after
   * the deciding one do not see it.
   */
  decide(info: RequestInfo): Decision {
    const { rules, any } = this.#byOp.get(info.op) ?? this.#allOps;
    // A path no glob matches counts as a match for no rule: done in one test.
    if (any !== undefined && (info.path === undefined || !any.test(info.path))) return PASS;
    for (const live of rules) {
      if (live.glob !== undefined && (info.path === undefined || !globMatch(live.glob, info.path)))
        continue;
      live.matches += 1;
      if (!admits(live.rule.limit, live.matches, live.random?.())) continue;
      const { rule } = live;
      rule.hits += 1;
      const a = rule.action;
      // interrupts rules are indexed apart (#interrupts) and never get here
      if (a.kind !== 'interrupts') return { ...a, ruleId: rule.id };
    }
    return PASS;
  }

  /** How to treat an INTERRUPT for this request: the last matching interrupts rule, else ignore. */
  interruptPolicy(info: RequestInfo): InterruptPolicy {
    for (let i = this.#interrupts.length - 1; i >= 0; i--) {
      const live = this.#interrupts[i]!;
      if (live.glob !== undefined && (info.path === undefined || !globMatch(live.glob, info.path)))
        continue;
      live.rule.hits += 1;
      if (live.rule.action.kind === 'interrupts') return live.rule.action.policy;
    }
    return IGNORE;
  }

  #reindex(): void {
    const decisive = this.#rules.filter((l) => l.rule.ops[0] !== 'interrupts');
    this.#interrupts = this.#rules.filter((l) => l.rule.ops[0] === 'interrupts');
    // Each named op gets its own rules and the 'all' rules, in id order, so
    // decide() needs one lookup; other ops see only the 'all' rules.
    this.#allOps = candidates(decisive.filter((l) => l.rule.ops[0] === 'all'));
    this.#byOp.clear();
    for (const live of decisive)
      for (const op of live.rule.ops)
        if (op !== 'all' && !this.#byOp.has(op))
          this.#byOp.set(
            op,
            candidates(decisive.filter((l) => l.rule.ops[0] === 'all' || l.rule.ops.includes(op))),
          );
  }
}

function candidates(rules: Live[]): Candidates {
  const globs = rules.map((l) => l.glob).filter((g) => g !== undefined);
  if (rules.length < 2 || globs.length < rules.length) return { rules };
  return { rules, any: anyGlob(globs) };
}
