import t from 'tap';
import { formatTable } from '../../../harness/check/table.js';

t.test('one row per check, the summary wrapped under its column', async (t) => {
  const lines = formatTable(
    [
      { id: 'own-mount-fds', outcome: 'none', summary: 'no fd on /mnt in pid 7' },
      {
        id: 'error-propagation',
        outcome: 'lost',
        summary: 'open propagated, flush lost, create propagated',
      },
    ],
    50,
  );
  t.same(lines, [
    'check              outcome  summary',
    '-----------------  -------  -------',
    'own-mount-fds      none     no fd on /mnt in pid 7',
    'error-propagation  lost     open propagated,',
    // broken after a comma, not at the last blank that fits: an op stays with its word
    '                            flush lost,',
    '                            create propagated',
  ]);
  t.ok(lines.every((l) => l.length <= 50));
});
