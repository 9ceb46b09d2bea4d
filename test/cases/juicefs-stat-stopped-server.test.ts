// juicefs-stat-stopped-server run for real: per stop method and SIGINT mode,
// what ended the stat, whether the server had read the request (trace), and
// the kernel stack the client waited in.
import t from 'tap';
import statCase, { outcomeOf, type StatRun } from '../../cases/juicefs-stat-stopped-server.js';
import { checkOutcomeTable, type Row } from './outcome-table.js';
import { checkCommon, runCase } from './run-case.js';

const READ = 'read before the stop took effect';
// the six runs as 6.18 gives them: unread requests withdrawn by a fatal
// signal (a default-action SIGINT is one), read ones waited out until resume
const RUNS: StatRun[] = [
  { variant: 'ctl-stop', sigint: 'caught', endedBy: 'SIGKILL', serverRead: 'never read' },
  { variant: 'ctl-stop', sigint: 'default', endedBy: 'SIGINT', serverRead: 'never read' },
  { variant: 'getattr-stop', sigint: 'caught', endedBy: 'resume', serverRead: READ },
  { variant: 'getattr-stop', sigint: 'default', endedBy: 'resume', serverRead: READ },
  { variant: 'sigstop', sigint: 'caught', endedBy: 'SIGKILL', serverRead: 'never read' },
  { variant: 'sigstop', sigint: 'default', endedBy: 'SIGINT', serverRead: 'never read' },
];
const all = (p: Partial<StatRun>) => RUNS.map((r) => ({ ...r, ...p }));
const one = (i: number, p: Partial<StatRun>) => RUNS.map((r, j) => (i === j ? { ...r, ...p } : r));

t.test('the outcome from the runs', async (t) => {
  const table: Row<StatRun[]>[] = [
    ['as on 6.18', RUNS, 'killable-only-while-unread'],
    ['every stat ended by a signal', all({ endedBy: 'SIGKILL' }), 'always-killable'],
    ['every stat waited for resume', all({ endedBy: 'resume' }), 'never-killable'],
    ['a read request withdrawn too', one(2, { endedBy: 'SIGKILL' }), 'mixed'],
    // no stat ever blocked: the stat returned at once, the server had read it
    [
      'nothing blocked',
      all({ endedBy: 'not-blocked', serverRead: READ }),
      'inconclusive',
      /ctl-stop\/caught: the stat never blocked/,
    ],
    [
      'one stat never blocked',
      one(0, { endedBy: 'not-blocked' }),
      'inconclusive',
      /ctl-stop\/caught/,
    ],
    // undecided after SIGINT is not "ended by SIGINT"
    [
      'undecided after a signal',
      one(1, { endedBy: 'undecided after SIGINT' }),
      'inconclusive',
      /ctl-stop\/default: undecided after SIGINT/,
    ],
    [
      'blocked past resume',
      one(2, { endedBy: 'never' }),
      'inconclusive',
      /still blocked after the last step/,
    ],
    ['no run', [], 'inconclusive', /no run/],
    // all unread (the rule never stopped the server): not the headline
    ['nothing read', all({ serverRead: 'never read', endedBy: 'SIGINT' }), 'always-killable'],
  ];
  checkOutcomeTable(t, statCase, outcomeOf, table);
});

t.test('juicefs-stat-stopped-server', async (t) => {
  const { result } = await runCase('juicefs-stat-stopped-server', 280_000);
  await checkCommon(t, 'juicefs-stat-stopped-server', result);
  const runs = result.evidence.runs as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.same(
    runs.map((r) => `${r.variant}/${r.sigint}`),
    [
      'ctl-stop/caught',
      'ctl-stop/default',
      'getattr-stop/caught',
      'getattr-stop/default',
      'sigstop/caught',
      'sigstop/default',
    ],
  );
  for (const r of runs) {
    const label = `${r.variant}/${r.sigint}`;
    t.ok(
      /^(SIGINT|SIGKILL|resume|never|not-blocked|undecided after .*)$/.test(r.endedBy),
      `${label}: ended by ${r.endedBy}`,
    );
    t.match(
      r.serverRead,
      /^(never read|read before the stop took effect|read after resume)$/,
      `${label}: ${r.serverRead}`,
    );
    t.equal(r.serverRead === 'never read', r.requests.length === 0, `${label}: the trace agrees`);
    if (r.endedBy !== 'not-blocked')
      t.match(r.waitedOn, ['request_wait_answer'], `${label}: waited in ${r.waitedOn?.[2]}`);
  }
  // a getattr:stop rule stops the server only once it has read the request
  for (const r of runs.filter((x) => x.variant === 'getattr-stop'))
    t.not(r.serverRead, 'never read', `${r.variant}/${r.sigint}: the rule saw the GETATTR`);
  const lookups = result.evidence.lookups as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.match(lookups.firstWaitedOn, ['request_wait_answer'], 'the first lookup waits on its request');
  t.ok(Array.isArray(lookups.secondWaitedOn), `the second waits in ${lookups.secondWaitedOn?.[0]}`);
  t.type(lookups.secondUnkillableAlone, 'boolean', 'SIGKILL to the second alone was measured');
  t.equal(lookups.said.length, 4, lookups.said.join('; '));
});
