// juicefs-close-interrupt run for real: each policy x SIGINT mode says what
// each signal did to close(), with the trace's view of the FLUSH, and the
// client is gone at the end however it went.
import t from 'tap';
import closeCase, { outcomeOf, type CloseRun } from '../../cases/juicefs-close-interrupt.js';
import { checkOutcomeTable, type Row } from './outcome-table.js';
import { checkCommon, runCase } from './run-case.js';

// the six runs as 6.18 gives them: an honoured interrupt ends close() (EINTR,
// or the default action's group kill); ignored or unread, FLUSH is forced and
// close() waits for the answer through SIGINT and SIGKILL
const RUNS: CloseRun[] = [
  { variant: 'honour', sigint: 'caught', endedBy: 'SIGINT' },
  { variant: 'honour', sigint: 'default', endedBy: 'SIGINT' },
  { variant: 'ignore', sigint: 'caught', endedBy: 'release' },
  { variant: 'ignore', sigint: 'default', endedBy: 'release' },
  { variant: 'stopped', sigint: 'caught', endedBy: 'resume' },
  { variant: 'stopped', sigint: 'default', endedBy: 'resume' },
];
const one = (i: number, endedBy: string) => RUNS.map((r, j) => (i === j ? { ...r, endedBy } : r));

t.test('the outcome from the runs', async (t) => {
  const table: Row<CloseRun[]>[] = [
    ['as on 6.18', RUNS, 'only-honoured-interrupt-frees'],
    ['SIGKILL ends every one', RUNS.map((r) => ({ ...r, endedBy: 'SIGKILL' })), 'all-killable'],
    ['only the answer ends any', RUNS.map((r) => ({ ...r, endedBy: 'release' })), 'none-killable'],
    ['an ignored one killable', one(2, 'SIGKILL'), 'mixed'],
    // a close() that never blocked is not "not killable"
    [
      'nothing blocked',
      RUNS.map((r) => ({ ...r, endedBy: 'not-blocked' })),
      'inconclusive',
      /honour\/caught: close\(\) never blocked/,
    ],
    [
      'an ignored close() returned at once',
      one(3, 'not-blocked'),
      'inconclusive',
      /ignore\/default/,
    ],
    ['an honoured one returned at once', one(0, 'not-blocked'), 'inconclusive', /honour\/caught/],
    [
      'undecided after SIGINT',
      one(0, 'undecided after SIGINT'),
      'inconclusive',
      /undecided after SIGINT/,
    ],
    ['blocked past the answer', one(4, 'never'), 'inconclusive', /still blocked/],
    ['no stopped run', RUNS.slice(0, 4), 'inconclusive', /no stopped run/],
  ];
  checkOutcomeTable(t, closeCase, outcomeOf, table);
});

t.test('juicefs-close-interrupt', async (t) => {
  const { result } = await runCase('juicefs-close-interrupt', 280_000);
  await checkCommon(t, 'juicefs-close-interrupt', result);
  const runs = result.evidence.runs as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.equal(runs.length, 6, 'three server variants, SIGINT caught and default');
  for (const r of runs) {
    const label = `${r.variant}/${r.sigint}`;
    t.match(r.said[0], /^close: /, `${label}: ${r.said.join(', ')}`);
    t.match(r.endedBy, /^(SIGINT|SIGKILL|release|resume|never|not-blocked|undecided after .*)$/);
    t.ok(r.clientEnd, `${label}: the client is gone at the end`);
    if (r.steps.close.kind.startsWith('blocked')) {
      t.match(
        r.steps.close.task.stack,
        ['request_wait_answer'],
        `${label}: blocked in the FUSE wait`,
      );
      t.equal(
        r.flushInTrace.length,
        1,
        `${label}: the server read the FLUSH: ${r.flushInTrace[0]}`,
      );
      t.ok(r.steps.SIGINT, `${label}: SIGINT was sent`);
    }
    // caught SIGINT: if close() came back, it says how
    const close = r.clientReports.find((x: { step: string }) => x.step === 'close');
    if (close && r.sigint === 'caught') t.ok('errno' in close || 'result' in close);
  }
});
