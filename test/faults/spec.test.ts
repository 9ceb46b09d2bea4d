import t from 'tap';
import { UsageError } from '../../src/errors.js';
import { FAULT_SPEC_HELP, parseFaultSpec } from '../../src/faults/spec.js';

t.test('the issue examples parse', async (t) => {
  t.same(parseFaultSpec('flush:stall'), {
    spec: 'flush:stall',
    ops: ['flush'],
    glob: undefined,
    action: { kind: 'stall' },
    limit: {},
  });
  t.same(parseFaultSpec('getattr:delay=200ms').action, { kind: 'delay', ms: 200 });
  t.same(parseFaultSpec('write:errno=EIO').action, { kind: 'errno', errno: 5, name: 'EIO' });
  const r = parseFaultSpec('read@/data/*:stall');
  t.same(r.ops, ['read']);
  t.equal(r.glob, '/data/*');
  t.same(parseFaultSpec('all:stop'), {
    spec: 'all:stop',
    ops: ['all'],
    glob: undefined,
    action: { kind: 'stop' },
    limit: {},
  });
  t.same(parseFaultSpec('interrupts:ignore').action, {
    kind: 'interrupts',
    policy: { kind: 'ignore' },
  });
  t.same(parseFaultSpec('interrupts:honour').action, {
    kind: 'interrupts',
    policy: { kind: 'honour', delayMs: 0 },
  });
});

t.test('every grammar form', async (t) => {
  t.same(parseFaultSpec('read+write+flush:stall').ops, ['read', 'write', 'flush']);
  t.same(parseFaultSpec('interrupts@/x/**:honor=1.5s'), {
    spec: 'interrupts@/x/**:honor=1.5s',
    ops: ['interrupts'],
    glob: '/x/**',
    action: { kind: 'interrupts', policy: { kind: 'honour', delayMs: 1500 } },
    limit: {},
  });
  t.same(parseFaultSpec('interrupts:honour=250').action, {
    kind: 'interrupts',
    policy: { kind: 'honour', delayMs: 250 },
  });
  t.same(parseFaultSpec('getattr:delay=2m').action, { kind: 'delay', ms: 120_000 });
  t.same(parseFaultSpec('getattr:delay=75').action, { kind: 'delay', ms: 75 });
  t.same(parseFaultSpec('write:errno=28').action, { kind: 'errno', errno: 28, name: 'ENOSPC' });
  t.same(parseFaultSpec('write:errno=eintr').action, { kind: 'errno', errno: 4, name: 'EINTR' });
  t.same(parseFaultSpec('flush:stall,first=2').limit, { first: 2 });
  t.same(parseFaultSpec('flush:stall,every=3').limit, { every: 3 });
  t.same(parseFaultSpec('flush:stall,p=0.25').limit, { p: 0.25 });
  t.same(parseFaultSpec('flush:stall,p=.5,seed=0').limit, { p: 0.5, seed: 0 });
  t.same(parseFaultSpec('flush:stall,p=1,first=4,every=2').limit, { p: 1, first: 4, every: 2 });
  t.equal(parseFaultSpec('  flush:stall ').spec, 'flush:stall', 'surrounding blanks are dropped');
  t.equal(parseFaultSpec('open@/a:b/*:stall').glob, '/a:b/*', 'a glob may hold a colon');
});

// Each malformed spec: the whole one-line message, so a change in wording is seen.
const bad: [string, string][] = [
  ['', `empty spec (expected OPS[@GLOB]:ACTION)`],
  ['flush', `missing ':ACTION' (expected OPS[@GLOB]:ACTION)`],
  [':stall', `missing operation before ':' (an operation or 'all')`],
  ['flush:', `missing action after ':' (known: stall, delay=DURATION, errno=NAME, stop)`],
  ['flush:wait', `unknown action 'wait' (known: stall, delay=DURATION, errno=NAME, stop)`],
  ['flush:ignore', `'ignore' is an interrupts action (interrupts:ignore)`],
  ['flush:stall=1', `'stall' takes no value`],
  ['all:stop=now', `'stop' takes no value`],
  ['getattr:delay', `'delay' needs a duration (delay=200ms)`],
  ['getattr:delay=', `'delay' needs a duration (delay=200ms)`],
  ['getattr:delay=2x', `bad duration '2x' (examples: 200ms, 1.5s, 2m; a bare number is ms)`],
  ['getattr:delay=-5', `bad duration '-5' (examples: 200ms, 1.5s, 2m; a bare number is ms)`],
  ['getattr:delay=30d', `bad duration '30d' (examples: 200ms, 1.5s, 2m; a bare number is ms)`],
  ['getattr:delay=999999h', `duration '999999h' is too long`],
  ['write:errno', `'errno' needs a name or number (errno=EIO)`],
  ['write:errno=EFOO', `unknown errno 'EFOO' (a name such as EIO or ENOSPC, or 1..511)`],
  ['write:errno=0', `unknown errno '0' (a name such as EIO or ENOSPC, or 1..511)`],
  ['write:errno=512', `unknown errno '512' (a name such as EIO or ENOSPC, or 1..511)`],
  ['read@data/*:stall', `path glob 'data/*' must start with '/'`],
  ['read@:stall', `empty path glob after '@'`],
  ['read+:stall', `empty operation in 'read+'`],
  ['read+read:stall', `operation listed twice in 'read+read'`],
  ['all+read:stall', `'all' cannot be combined with other operations`],
  ['interrupts+read:ignore', `'interrupts' cannot be combined with other operations`],
  ['interrupts:stall', `unknown interrupts action 'stall' (known: ignore, honour[=DURATION])`],
  ['interrupts:ignore=1s', `'ignore' takes no value`],
  [
    'interrupts:honour=soon',
    `bad duration 'soon' (examples: 200ms, 1.5s, 2m; a bare number is ms)`,
  ],
  ['interrupts:ignore,first=1', `interrupts rules take no limits`],
  ['flush:stall,last=2', `unknown limit 'last=2' (known: first=N, every=N, p=0.25, seed=N)`],
  ['flush:stall,', `empty limit after ','`],
  ['flush:stall,first=0', `bad first '0' (an integer >= 1)`],
  ['flush:stall,every=two', `bad every 'two' (an integer >= 1)`],
  ['flush:stall,first=1,first=2', `limit 'first' given twice`],
  ['flush:stall,p=1.5', `bad p '1.5' (a probability from 0 to 1)`],
  ['flush:stall,p=', `bad p '' (a probability from 0 to 1)`],
  ['flush:stall,p=0.5,seed=-1', `bad seed '-1' (an integer >= 0)`],
  ['flush:stall,seed=3', `'seed' only applies with 'p'`],
  // typed input is taken exactly: no blanks, ASCII digits and letters only
  ['getattr:delay= 5ms', `a blank inside the spec (outside a path glob)`],
  ['getattr :stall', `a blank inside the spec (outside a path glob)`],
  ['flush:stall, first=2', `a blank inside the spec (outside a path glob)`],
  [
    'getattr:delay=\uff15ms',
    `bad duration '\uff15ms' (examples: 200ms, 1.5s, 2m; a bare number is ms)`,
  ],
  ['write:errno=e\u0131o', `unknown errno 'e\u0131o' (a name such as EIO or ENOSPC, or 1..511)`],
  ['write:errno=\u0395IO', `unknown errno '\u0395IO' (a name such as EIO or ENOSPC, or 1..511)`],
];

t.test('malformed specs: UsageError with one line saying what is wrong', async (t) => {
  for (const [spec, why] of bad) {
    t.throws(
      () => parseFaultSpec(spec),
      { name: 'UsageError', message: `bad fault spec '${spec}': ${why}` },
      spec || '(empty)',
    );
  }
});

t.test('a spec or part echoed in a message stays on one line', async (t) => {
  t.throws(() => parseFaultSpec('flush:stall\nx'), {
    message: `bad fault spec 'flush:stall\\nx': a blank inside the spec (outside a path glob)`,
  });
  t.throws(() => parseFaultSpec('read@/a\tb:stall'), {
    message: `bad fault spec 'read@/a\\tb:stall': a control character or blank other than a space in the path glob`,
  });
  t.throws(() => parseFaultSpec('fl\x1bsh:stall'), {
    message: /^bad fault spec 'fl\\x1bsh:stall': unknown operation 'fl\\x1bsh' \(known: /,
  });
});

t.test('a space may stand in a path glob, as in a file name', async (t) => {
  t.equal(parseFaultSpec('read@/my file:stall').glob, '/my file');
});

t.test('an unknown operation lists the known ones', async (t) => {
  let err: unknown;
  try {
    parseFaultSpec('flsh:stall');
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof UsageError);
  const msg = (err as Error).message;
  t.match(
    msg,
    /^bad fault spec 'flsh:stall': unknown operation 'flsh' \(known: all, interrupts, lookup, /,
  );
  for (const op of ['getattr', 'flush', 'readdir', 'rename', 'statfs']) t.match(msg, op);
  t.notMatch(msg, /\n/, 'one line');
  t.throws(() => parseFaultSpec('interrupt:ignore'), {
    message:
      /unknown operation 'interrupt' \(interrupt policy: interrupts:ignore or interrupts:honour\)/,
  });
});

t.test('help text names every part of the grammar', async (t) => {
  for (const word of [
    'OPS[@GLOB]:ACTION',
    'stall',
    'delay=',
    'errno=',
    'stop',
    'first=',
    'every=',
    'p=',
    'seed=',
    'interrupts',
    'honour',
    'ignore',
  ])
    t.match(FAULT_SPEC_HELP, word);
});
