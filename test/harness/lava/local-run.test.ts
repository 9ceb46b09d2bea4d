// One real LAVA job, end to end on this machine: `fusefault lava` writes it,
// run-local.sh runs it with Debian's lava-dispatcher (unpacked into the
// user's cache on first use), qemu boots debian:bookworm under TCG (about a
// minute on 2 cores). netflix-flush-on-exit must be what the matrix found on
// that kernel: deadlock, so the regression verdict is fail.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { CLI } from '../../helpers.js';

t.test('debian:bookworm netflix-flush-on-exit through lava-run: deadlock -> fail', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-lava-run-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'jobs');
  const w = await execa(process.execPath, [
    CLI,
    'lava',
    '--kernel',
    'debian:bookworm',
    '--case',
    'netflix-flush-on-exit',
    '--out',
    out,
  ]);
  t.equal(w.stdout.trim(), path.join(out, 'debian_bookworm.yaml'));
  const r = await execa(path.join(out, 'run-local.sh'), [], { reject: false, timeout: 600_000 });
  t.equal(r.exitCode, 0, `job passed (${r.stderr.split('\n').slice(-3).join(' | ')})`);
  const rows = r.stdout.split('\n').map((l) => l.trim().split(/\s+/));
  t.match(
    rows.find((c) => c[1] === 'netflix-flush-on-exit'),
    ['0_fusefault', 'netflix-flush-on-exit', 'fail', /^\d+\.\d$/, 's'],
  );
  t.ok(rows.some((c) => c[1] === 'outcome/netflix-flush-on-exit.deadlock' && c[2] === 'fail'));
});
