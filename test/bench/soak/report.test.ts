import t from 'tap';
import {
  markdownTable,
  medianMax,
  soakFailures,
  soakRows,
  type SoakResults,
} from '../../../bench/soak/report.js';
import type { RunRecord } from '../../../bench/soak/runs-phase.js';
import type { KillRecord } from '../../../bench/soak/server-kill-phase.js';

const run = (o: Partial<RunRecord>): RunRecord => ({
  sent: 'SIGKILL',
  atMs: 100,
  endedFirst: false,
  exitCode: null,
  signal: 'SIGKILL',
  exitOk: true,
  clean: true,
  secondsToClean: 1,
  left: { mounts: [], dTasks: [], watchdogAlive: false, processes: [] },
  cleanedUp: [],
  ...o,
});
const kill = (o: Partial<KillRecord>): KillRecord => ({
  variant: 'raw: serve',
  client: 'error ENOTCONN',
  clientSeconds: 0.1,
  unmountSeconds: 0.2,
  mountLeft: false,
  dTasks: [],
  socketLeft: false,
  processesLeft: [],
  cleanedUp: [],
  ...o,
});

t.test('median and max', async (t) => {
  t.equal(medianMax([]), '-');
  t.equal(medianMax([3, 1, 2]), '2.00 (max 3.00)');
  t.equal(medianMax([1, 2, 3, 10]), '2.50 (max 10.00)');
});

t.test('rows are counted from the records', async (t) => {
  const r: SoakResults = {
    seed: 1,
    runs: [
      run({ secondsToClean: 0.5 }),
      run({ secondsToClean: 1.5 }),
      run({
        clean: false,
        secondsToClean: undefined,
        left: { mounts: ['/m'], dTasks: ['1/1'], watchdogAlive: true, processes: [] },
      }),
      run({ sent: 'SIGINT', exitCode: 130, signal: null, exitOk: false }),
    ],
    kills: [kill({}), kill({ mountLeft: true, unmountSeconds: undefined, socketLeft: true })],
  };
  const rows = soakRows(r);
  t.same(rows[0]?.slice(1), ['3', '2 of 3', '1.00 (max 1.50)', '0', '-', '1', '1', '1']);
  t.same(rows[1]?.slice(1, 5), ['1', '1 of 1', '1.00 (max 1.00)', '1']);
  t.same(rows[2]?.slice(1), ['2', '1 of 2', '0.20 (max 0.20)', '-', '-', '0', '1', '0']);
  const md = markdownTable(rows);
  t.equal(md.split('\n').length, 2 + rows.length);
  t.match(md, /^\|\s+\| runs \/ inputs \|/);
  t.same(soakFailures(r), [
    '1 run(s) not clean within the bound',
    '1 leftover mount(s)',
    '1 control socket file(s) left',
  ]);
  t.same(soakFailures({ seed: 1, runs: [run({})], kills: [kill({})] }), [], 'a clean soak passes');
});
