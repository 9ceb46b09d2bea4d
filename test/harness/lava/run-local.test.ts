import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { LOG_SUMMARY, runLocalScript } from '../../../harness/lava/run-local.js';

t.test('run-local.sh is valid sh and never installs the dispatcher itself', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-lava-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const script = runLocalScript('debian_bookworm.yaml');
  fs.writeFileSync(path.join(dir, 'run-local.sh'), script);
  const r = await execa('sh', ['-n', path.join(dir, 'run-local.sh')], { reject: false });
  t.equal(r.exitCode, 0, r.stderr);
  t.match(script, /apt-get download lava-dispatcher lava-server/);
  t.notMatch(script, /apt-get install[^\n]*lava-(dispatcher|server)/, 'unpacked, not installed');
  t.match(
    script,
    /apt-get install -s[^\n]*\| grep '\^Remv'/,
    'refuses an install that removes packages',
  );
});

// lava-run's log: one YAML flow map a line, with non-specific tags (!) on some values
const LOG = [
  '{"dt": "t", "lvl": "target", "msg": "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=x RESULT=fail>"}',
  '{"dt": "t", "lvl": "results", "msg": {"case": "netflix-flush-on-exit", "definition": "0_fusefault", "endtc": ! "250", "measurement": ! "44.6", "result": "fail", "units": "s"}}',
  '{"dt": "t", "lvl": "results", "msg": {"case": "netflix-flush-on-exit.deadlock", "definition": "0_fusefault", "result": "fail", "set": "outcome"}}',
  '{"dt": "t", "lvl": "results", "msg": {"case": "auto-login-action", "definition": "lava", "result": "pass"}}',
  'not yaml: [',
];

t.test(
  "the summary lists the test results of lava-run's log and exits by the job's result",
  async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-lava-'));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    const log = path.join(dir, 'lava-run.log');
    const job = (result: string) =>
      `{"dt": "t", "lvl": "results", "msg": {"case": "job", "definition": "lava", "result": "${result}"}}`;
    fs.writeFileSync(log, [...LOG, job('pass')].join('\n'));
    const r = await execa('/usr/bin/python3', ['-c', LOG_SUMMARY, log], { reject: false });
    t.equal(r.exitCode, 0, r.stderr);
    const lines = r.stdout.split('\n').map((l) => l.split(/\s+/).join(' '));
    t.same(lines, [
      '0_fusefault netflix-flush-on-exit fail 44.6 s',
      '0_fusefault outcome/netflix-flush-on-exit.deadlock fail',
      'job: pass',
    ]);
    fs.writeFileSync(log, [...LOG, job('fail')].join('\n'));
    const f = await execa('/usr/bin/python3', ['-c', LOG_SUMMARY, log], { reject: false });
    t.equal(f.exitCode, 1);
  },
);
