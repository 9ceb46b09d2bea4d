import t from 'tap';
import { TapSalvage } from '../../../harness/vm/tap-salvage.js';

t.test('points and their summaries, as the runner prints them', async (t) => {
  const s = new TapSalvage();
  for (const line of [
    'TAP version 13',
    'ok 1 - pass # outcome=measured',
    '  ---',
    '  outcome: "measured"',
    '  summary: "sleeper 135 left \\"running\\""',
    '  ...',
    'not ok 2 - vm-only # outcome=timeout',
    '  ---',
    '  summary: "no result after 2000 ms"',
    '  evidence:',
    '    "summary": "not this one"',
    '# state /tmp/x',
    '[   9.1] INFO: task node:99 blocked for more than 120 seconds.',
  ]) {
    s.push(line);
  }
  t.same(
    [...s.cases.values()],
    [
      { id: 'pass', outcome: 'measured', summary: 'sleeper 135 left "running"', ok: true },
      { id: 'vm-only', outcome: 'timeout', summary: 'no result after 2000 ms', ok: false },
    ],
  );
});
