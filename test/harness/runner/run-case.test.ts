// The runner holds a case to the outcome words it declares: an undeclared word
// becomes an error naming it (compiling is not enough: a loosely typed case
// compiles any word), while 'inconclusive' is open to every case. defineCase
// makes the same mistake a compile error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { dir } from 'tmp-promise';
import { fusefault } from '../../helpers.js';
import { declaresOutcome, defineCase, type RunResult } from '../../../harness/runner/types.js';

const CASES = fileURLToPath(new URL('../../fixtures/cases-undeclared/', import.meta.url));

t.test('declaresOutcome', async (t) => {
  const def = { outcomes: ['deadlock', 'no-deadlock'] };
  t.ok(declaresOutcome(def, 'deadlock'));
  t.ok(declaresOutcome(def, 'inconclusive'), 'inconclusive goes without saying');
  t.notOk(declaresOutcome(def, 'deadlocked'));
  t.notOk(declaresOutcome(def, 'skipped'), "the runner's words are not the case's");
});

t.test('an undeclared word does not compile under defineCase', async (t) => {
  const def = defineCase({
    title: 'typed',
    requires: {},
    timeoutMs: 1000,
    outcomes: ['measured', 'unmeasured'],
    // @ts-expect-error: 'measure' is not among the outcomes
    regress: { affected: ['measure'], fixed: ['measured'] },
    // @ts-expect-error: nor may run report it
    run: () => Promise.resolve({ outcome: 'measure', summary: '', evidence: {} }),
  });
  t.same(def.outcomes, ['measured', 'unmeasured'], 'the tuple is kept as written');
});

t.test('the runner refuses an undeclared word and takes inconclusive', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const file = join(d.path, 'run.json');
  process.env.FUSEFAULT_CASES_DIR = CASES;
  const r = await fusefault(['run', 'undeclared', 'inconclusive', '--json', file]);
  const { cases } = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  const [undeclared, inconclusive] = ['undeclared', 'inconclusive'].map((id) =>
    cases.find((c) => c.id === id),
  );
  t.equal(undeclared?.outcome, 'error', 'an error in place of the word');
  t.match(undeclared?.error, /outcome "mesured", not one it declares \(measured\)/, 'naming it');
  t.same(undeclared?.evidence, {
    refused: { outcome: 'mesured', summary: 'a typo', evidence: { n: 1 } },
  });
  t.equal(undeclared?.ok, false);
  t.equal(inconclusive?.outcome, 'inconclusive');
  t.equal(inconclusive?.ok, true, 'reported as it is');
  t.equal(r.exitCode, 1, 'the run fails');
  t.match(String(r.stdout), /^not ok \d+ undeclared$/m);
});
