// The request fault actions, one entry each: how a spec writes it, how it is
// parsed, how the trace names it, whether it holds a request back (and so is
// answered by a release), and why the fuse-native backend cannot carry it out.
// A new action is one entry here plus its case in each backend's exhaustive
// switch (src/engine/decide.ts, src/backends/fuse-native/gate.ts); the
// compiler points at both.
import { quote } from '../errors.js';
import { parseDuration } from './duration.js';
import { errnoName, errnoNumber } from './errno.js';

/** What a request rule does to the requests it matches. */
export type RequestAction =
  | { kind: 'stall' }
  | { kind: 'delay'; ms: number }
  | { kind: 'errno'; errno: number; name: string }
  | { kind: 'stop' };

/** The kinds of RequestAction. */
export type ActionKind = RequestAction['kind'];

interface ActionDef<A extends RequestAction> {
  /** how a spec writes it, for help and error messages */
  syntax: string;
  /** the action from the text after '=' (undefined: no '='); a string is the reason it is bad */
  parse(value: string | undefined): A | string;
  /** the trace's name for it ('delay=200ms') */
  text(a: A): string;
  /** it holds requests back until a time or a release (answered when its rule goes) */
  holds: boolean;
  /** the request is answered after the decision returns (held, or at resume) */
  answersLater: boolean;
  /** what libfuse2's high-level API cannot do to carry it out, and why */
  fuseNativeCannot?: { what: string; why: string };
}

const noValue =
  <K extends 'stall' | 'stop'>(kind: K) =>
  (value: string | undefined): { kind: K } | string =>
    value === undefined ? { kind } : `'${kind}' takes no value`;

/** The table: one entry per kind, which the compiler holds to RequestAction. */
export const ACTIONS: {
  readonly [K in ActionKind]: ActionDef<Extract<RequestAction, { kind: K }>>;
} = {
  stall: {
    syntax: 'stall',
    parse: noValue('stall'),
    text: () => 'stall',
    holds: true,
    answersLater: true,
  },
  delay: {
    syntax: 'delay=DURATION',
    parse(value) {
      if (!value) return `'delay' needs a duration (delay=200ms)`;
      const d = parseDuration(value);
      return 'error' in d ? d.error : { kind: 'delay', ms: d.ms };
    },
    text: (a) => `delay=${a.ms}ms`,
    holds: true,
    answersLater: true,
  },
  errno: {
    syntax: 'errno=NAME',
    parse(value) {
      if (!value) return `'errno' needs a name or number (errno=EIO)`;
      const errno = errnoNumber(value);
      if (errno === undefined)
        return `unknown errno ${quote(value)} (a name such as EIO or ENOSPC, or 1..511)`;
      return { kind: 'errno', errno, name: errnoName(errno) };
    },
    text: (a) => `errno=${a.name}`,
    holds: false,
    answersLater: false,
  },
  stop: {
    syntax: 'stop',
    parse: noValue('stop'),
    text: () => 'stop',
    holds: false,
    answersLater: true,
    // fuse_loop_mt reads /dev/fuse in libfuse's own threads and starts more as
    // requests arrive: there is no way to stop them reading from JavaScript
    fuseNativeCannot: {
      what: 'cannot stop reading /dev/fuse',
      why: 'libfuse reads the device in its own threads',
    },
  },
};

/** Whether NAME is an action kind. */
export function isActionKind(name: string): name is ActionKind {
  return Object.hasOwn(ACTIONS, name);
}

/** ACTIONS[a.kind] typed for A itself (TypeScript cannot narrow the table lookup alone). */
export function actionDef<A extends RequestAction>(a: A): ActionDef<A> {
  return ACTIONS[a.kind] as unknown as ActionDef<A>;
}

/** The trace's text for A: 'stall', 'delay=200ms', 'errno=EIO', 'stop'. */
export function actionText(a: RequestAction): string {
  return actionDef(a).text(a);
}

/** For a switch that must handle every kind: a compile error when one is left out. */
export function assertNever(x: never): never {
  throw new Error(`unhandled fault action ${JSON.stringify(x)}`);
}
