import t from 'tap';
import netflix from '../../../cases/netflix-flush-on-exit.js';
import { casesDir, loadCases } from '../../../harness/runner/discover.js';
import { regressProblem, regressVerdict } from '../../../harness/runner/regress.js';
import type { CaseDef, CaseResult } from '../../../harness/runner/types.js';

const clean = { clean: true, actions: [], leftovers: [] };
const result = (r: Partial<CaseResult>): CaseResult => ({
  id: 'netflix-flush-on-exit',
  outcome: 'deadlock',
  summary: '',
  evidence: {},
  durationMs: 1,
  recovery: clean,
  ok: true,
  ...r,
});

// [row, result, verdict]: every way a run of the netflix case can end
const ROWS: [string, Partial<CaseResult>, 'pass' | 'fail' | 'skip'][] = [
  ['deadlock: affected', { outcome: 'deadlock' }, 'fail'],
  ['partial-deadlock: affected', { outcome: 'partial-deadlock' }, 'fail'],
  ['no-deadlock: fixed', { outcome: 'no-deadlock' }, 'pass'],
  ['mitigated: fixed', { outcome: 'mitigated' }, 'pass'],
  ['inconclusive: a farm must see it', { outcome: 'inconclusive' }, 'fail'],
  ['not-applicable', { outcome: 'not-applicable' }, 'skip'],
  ['skipped by the runner', { outcome: 'skipped', skip: 'needs root' }, 'skip'],
  ['error', { outcome: 'error', error: 'Error: boom', ok: false }, 'fail'],
  ['timeout', { outcome: 'timeout', error: 'no result after 1 ms', ok: false }, 'fail'],
  ['interrupted', { outcome: 'interrupted', error: 'SIGTERM', ok: false }, 'fail'],
  [
    'a fixed kernel, but recovery left a mount',
    {
      outcome: 'no-deadlock',
      recovery: { clean: false, actions: [], leftovers: ['mount left: /x'] },
    },
    'fail',
  ],
  [
    'not applicable, but recovery left a task in D',
    { outcome: 'not-applicable', recovery: { clean: false, actions: [], leftovers: ['D 12'] } },
    'fail',
  ],
  ['an outcome the case does not list', { outcome: 'sideways' }, 'fail'],
];

t.test('regressVerdict: pass, fail or skip per way a case ends', async (t) => {
  for (const [row, r, verdict] of ROWS) t.equal(regressVerdict(netflix, result(r)), verdict, row);
});

const def = (outcomes: string[], affected: string[], fixed: string[]): CaseDef => ({
  ...netflix,
  outcomes,
  regress: { affected, fixed },
});

t.test('regressProblem: each outcome once, known, and only case words', async (t) => {
  t.equal(regressProblem(def(['a', 'b', 'not-applicable', 'undecided'], ['a'], ['b'])), undefined);
  t.match(regressProblem(def(['a', 'b', 'c'], ['a'], ['b'])), /outcome c is neither/);
  t.match(regressProblem(def(['a', 'b'], ['a', 'b'], ['b'])), /lists b twice/);
  t.match(regressProblem(def(['a', 'b'], ['a', 'z'], ['b'])), /z, not among its outcomes/);
  t.match(
    regressProblem(def(['a', 'inconclusive'], ['a', 'inconclusive'], [])),
    /classifies inconclusive/,
  );
  t.match(regressProblem({ ...netflix, regress: undefined } as unknown as CaseDef), /no regress/);
});

t.test('every case under cases/ passes the runner check', async (t) => {
  const cases = await loadCases(undefined, casesDir());
  t.ok(cases.length >= 8, `${cases.length} cases`);
  for (const c of cases) {
    t.equal(regressProblem(c.def), undefined, c.id);
    t.ok(c.def.regress.affected.length && c.def.regress.fixed.length, `${c.id}: both kinds`);
  }
});

t.test('the runner refuses a case whose regress lists do not cover its outcomes', async (t) => {
  const dir = t.testdir({
    'bad.js': `export default { title: 'bad', requires: {}, timeoutMs: 1, outcomes: ['a', 'b'],
      regress: { affected: ['a'], fixed: [] }, run: async () => ({}) };`,
  });
  await t.rejects(loadCases(['bad'], dir), /bad\.js: outcome b is neither affected nor fixed/);
});
