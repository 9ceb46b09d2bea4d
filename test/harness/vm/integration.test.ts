// One real VM run: the netflix case on Debian bookworm's 6.1 kernel under
// TCG. 6.1 predates 5a8bee63b10f (v6.3-rc1), so an exiting task waits for
// its FLUSH: the case must find the deadlock, and the evidence must show the
// task in fuse_flush. The kernel and the guest image are cached per user, so
// only the first run on a machine downloads (about 30 MB).
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fusefault } from '../../helpers.js';

const CASE = 'netflix-flush-on-exit';

t.test(`${CASE} on debian:bookworm in a VM`, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-vm-it-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const json = path.join(dir, 'matrix.json');
  const args = ['matrix', '--kernel', 'debian:bookworm', '--case', CASE, '--accel', 'tcg'];
  const r = await fusefault([...args, '--json', json, '--log-dir', dir], { timeout: 580_000 });
  const console = fs.readdirSync(dir).filter((f) => f.endsWith('.console.log'));
  const log = console[0] ? fs.readFileSync(path.join(dir, console[0]), 'utf8').slice(-3000) : '';
  const diag = r.exitCode === 0 ? '' : `\n${r.stderr.slice(-2000)}\n${log}`;
  t.equal(r.exitCode, 0, `matrix exit 0${diag}`);
  t.match(r.stderr, /\[debian:bookworm\] booting \(tcg/, 'progress on stderr');
  const m = JSON.parse(fs.readFileSync(json, 'utf8'));
  t.equal(m.records.length, 1);
  const rec = m.records[0];
  t.match(rec, { kernel: 'debian:bookworm', case: CASE, outcome: 'deadlock', ok: true });
  t.match(rec.release, /^6\.1\.0-\d+-cloud-amd64$/, "the guest's uname -r");
  t.match(rec.evidence, /deadlock/);
  t.match(JSON.stringify(rec.details), /fuse_flush/, 'a task was seen waiting in fuse_flush');
  t.match(
    rec.facts,
    { preempt: /voluntary/, requestTimeoutSysctls: false },
    '6.1 has no request timeouts',
  );
  t.match(m.kernels, [{ kernel: 'debian:bookworm', accel: 'tcg', status: 'ok' }]);
  t.match(r.stdout, /debian:bookworm\s+6\.1\.0-\d+-cloud-amd64\s+netflix-flush-on-exit\s+deadlock/);
});
