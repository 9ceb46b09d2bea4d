import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dir } from 'tmp-promise';
import {
  RUNNER_FILE,
  caseStateFile,
  emptyCaseState,
  loadState,
  writeJsonSync,
} from '../../../harness/recovery/state.js';

t.test('loadState merges the runner file and every case file, skipping junk', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(d.cleanup);
  const harness = { pid: 1, pgid: 1, sid: 1, start: 5 };
  writeJsonSync(join(d.path, RUNNER_FILE), { harness, baselineStuck: [] });
  writeJsonSync(caseStateFile(d.path, 'a'), { ...emptyCaseState('a'), mounts: ['/m'] });
  writeFileSync(caseStateFile(d.path, 'b'), '{half');
  const s = loadState(d.path);
  t.same(s.runner?.harness, harness);
  t.same(
    s.cases.map((c) => [c.id, c.mounts]),
    [['a', ['/m']]],
  );
});
