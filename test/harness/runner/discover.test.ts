import t from 'tap';
import { caseIds, loadCases, runOrder } from '../../../harness/runner/discover.js';

const c = (id: string, vmOnly?: boolean) => ({ id, def: { requires: { vmOnly } } });

t.test(
  'cases that may wreck the machine run after all the others, the rest in order',
  async (t) => {
    const table: [ReturnType<typeof c>[], string[]][] = [
      [[], []],
      [
        [c('a'), c('b')],
        ['a', 'b'],
      ],
      [
        [c('a'), c('lock', true), c('b')],
        ['a', 'b', 'lock'],
      ],
      [
        [c('x', true), c('a'), c('y', true), c('b')],
        ['a', 'b', 'x', 'y'],
      ],
      [[c('x', true)], ['x']],
    ];
    for (const [cases, want] of table)
      t.same(
        runOrder(cases).map((x) => x.id),
        want,
        want.join(' ') || 'none',
      );
  },
);

t.test('the real cases: iouring-init-softlockup (vm-only) is loaded last', async (t) => {
  const ids = (await loadCases()).map((x) => x.id);
  t.equal(ids.at(-1), 'iouring-init-softlockup');
  t.same([...ids].sort(), caseIds(), 'every case, once');
});
