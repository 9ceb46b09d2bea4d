import t from 'tap';
import { parseStateLine } from '../../../harness/runner/state-line.js';

t.test('the state line among the TAP header lines', async (t) => {
  const out = 'TAP version 13\n1..1\n# state /tmp/fusefault-run--1-x watchdog 42\nok 1 - a\n';
  t.same(parseStateLine(out), { dir: '/tmp/fusefault-run--1-x', watchdog: 42 });
});

t.test('no state line, or one cut short', async (t) => {
  t.equal(parseStateLine('TAP version 13\n'), undefined);
  t.equal(parseStateLine('# state /tmp/x watchdog \n'), undefined);
  t.equal(
    parseStateLine('  # state /tmp/x watchdog 3\n'),
    undefined,
    'only at the start of a line',
  );
});
