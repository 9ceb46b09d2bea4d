import t from 'tap';
import { fusefault } from '../helpers.js';

t.test('--help lists every command', async (t) => {
  const r = await fusefault(['--help']);
  t.equal(r.exitCode, 0);
  for (const c of ['serve', 'ctl', 'run', 'list', 'inspect', 'abort', 'matrix', 'kernels']) {
    t.match(r.stdout, new RegExp(`fusefault ${c}\\b`), `lists ${c}`);
  }
});

t.test('an unknown command is one line on stderr and exit 2', async (t) => {
  const r = await fusefault(['bogus']);
  t.equal(r.exitCode, 2);
  t.equal(r.stderr.trim().split('\n').length, 1);
  t.match(r.stderr, /^fusefault: Unknown argument: bogus/);
});
