// Reports of killed runs: taken once from the temp dir, printed in one line,
// their state directories removed; a live run's directory is left alone.
import t from 'tap';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dir } from 'tmp-promise';
import { collectReports, reportLine } from '../../../harness/recovery/reports.js';
import { RUNNER_FILE, WATCHDOG_REPORT, writeJsonSync } from '../../../harness/recovery/state.js';
import type { WatchdogReport } from '../../../harness/recovery/watchdog.js';

const report: WatchdogReport = {
  harnessPid: 4242,
  reason: 'harness 4242 is gone',
  at: '2026-01-01T00:00:00.000Z',
  report: { clean: true, actions: ['aborted conn 40', 'killed 4243 (node)'], leftovers: [] },
};

t.test('a finished report is taken once and its directory removed', async (t) => {
  const tmp = await dir({ unsafeCleanup: true });
  t.teardown(() => tmp.cleanup());
  const dead = join(tmp.path, 'fusefault-run--4242-aaaa');
  const live = join(tmp.path, 'fusefault-run--4300-bbbb');
  const other = join(tmp.path, 'something-else');
  for (const d of [dead, live, other]) mkdirSync(d);
  writeJsonSync(join(dead, WATCHDOG_REPORT), report);
  writeJsonSync(join(live, RUNNER_FILE), { harness: { pid: 4300 } });
  writeJsonSync(join(other, WATCHDOG_REPORT), report);

  t.same(collectReports(tmp.path), [report]);
  t.notOk(existsSync(dead), 'the reported run is removed');
  t.ok(existsSync(live), 'a run without a report is left alone');
  t.ok(existsSync(other), 'what is not a state directory is left alone');
  t.same(readdirSync(tmp.path).sort(), ['fusefault-run--4300-bbbb', 'something-else']);
  t.same(collectReports(tmp.path), [], 'nothing twice');
  t.same(collectReports(join(tmp.path, 'missing')), [], 'no temp dir: nothing');
});

t.test('one line: who died, why, what recovery left', async (t) => {
  t.equal(
    reportLine(report),
    'an earlier run (harness 4242) died (harness 4242 is gone); its watchdog recovered it at 2026-01-01T00:00:00.000Z: 2 actions, clean',
  );
  const left = {
    ...report,
    report: { clean: false, actions: [], leftovers: ['mount left: /x', 'process left: 7'] },
  };
  t.equal(
    reportLine(left),
    'an earlier run (harness 4242) died (harness 4242 is gone); its watchdog recovered it at 2026-01-01T00:00:00.000Z: nothing to undo, left: mount left: /x; process left: 7',
  );
  t.notMatch(reportLine(left), /\n/);
});
