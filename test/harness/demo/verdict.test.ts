// The verdict lines: what an outcome says about the kernel, by the case's
// regress lists and the runner's own words; why; what recovery did.
import t from 'tap';
import { palette } from '../../../harness/demo/colour.js';
import { meaning, verdictLines } from '../../../harness/demo/verdict.js';
import type { CaseResult } from '../../../harness/runner/types.js';

const regress = { affected: ['deadlock'], fixed: ['no-deadlock'] };

t.test('each outcome word, what it says', async (t) => {
  const table: [string, RegExp, boolean][] = [
    ['deadlock', /shows the bug \(affected\)/, true],
    ['no-deadlock', /does not show the bug \(fixed\)/, false],
    ['not-applicable', /does not apply/, false],
    ['inconclusive', /^no verdict: nothing concluded$/, true],
    ['timeout', /^no verdict: the case ran past its deadline$/, true],
    ['interrupted', /^no verdict: the run was interrupted$/, true],
    ['error', /^no verdict: the case failed$/, true],
    ['what', /^no verdict$/, true],
  ];
  for (const [word, text, bad] of table) t.match(meaning(word, regress), { text, bad }, word);
});

const result: CaseResult = {
  id: 'x',
  outcome: 'deadlock',
  summary: 'plain: deadlock',
  evidence: {},
  durationMs: 1,
  recovery: { clean: true, actions: ['aborted conn 42', 'removed /tmp/w'], leftovers: [] },
  ok: true,
  steps: [{ kind: 'begin', index: 0, at: 0, title: 't' }],
};

t.test('verdict, why, clean-up', async (t) => {
  t.same(verdictLines(result, regress, palette(false)), [
    '',
    'verdict: deadlock: this kernel shows the bug (affected)',
    'why: plain: deadlock',
    'clean-up: aborted conn 42; removed /tmp/w',
  ]);
});

t.test('a timeout: the error is the why; leftovers and no steps are said', async (t) => {
  const lines = verdictLines(
    {
      ...result,
      outcome: 'timeout',
      error: 'no result after 10 ms (paused at step 0)\nmore',
      recovery: { clean: false, actions: [], leftovers: ['812 in D'] },
      steps: undefined,
    },
    regress,
    palette(false),
  );
  t.same(lines.slice(1), [
    'verdict: timeout: no verdict: the case ran past its deadline',
    'why: no result after 10 ms (paused at step 0)',
    'clean-up: nothing to undo',
    'left behind: 812 in D',
    '(this case announces no steps: the states above are all its processes)',
  ]);
});
