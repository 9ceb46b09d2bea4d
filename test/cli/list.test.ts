import t from 'tap';
import { fusefault } from '../helpers.js';
import { FIXTURE_CASES } from '../harness/recovery/machine.js';

process.env.FUSEFAULT_CASES_DIR = FIXTURE_CASES;

t.test('one line per case: id, title, requirements', async (t) => {
  const r = await fusefault(['list']);
  t.equal(r.exitCode, 0);
  const lines = r.stdout.trim().split('\n');
  t.same(
    lines.map((l) => l.split(/\s+/)[0]),
    ['hangs', 'pass', 'stuck', 'stuck-hang', 'stuck-self', 'throws', 'vm-only'],
  );
  t.match(lines[2], /^stuck\s+fixture: a stat stuck in D on an unanswered mount\s+\[root,fuse\]$/);
  t.match(lines[6], /\[vm-only\]$/);
  t.match(lines[0], /\[-\]$/);
});
