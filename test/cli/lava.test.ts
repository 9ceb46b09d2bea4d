import t, { type Test } from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { CLI, fakeBzImage, fusefault } from '../helpers.js';
import { validateJobs, type JobDoc } from '../harness/lava/lava-schema.js';

const tmp = (t: Test) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-lava-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
};

t.test('mistakes are one line and exit 2, and nothing is written', async (t) => {
  const dir = tmp(t);
  const out = path.join(dir, 'jobs');
  const k = `file:${path.join(dir, 'bz')}`;
  fakeBzImage(path.join(dir, 'bz'), '6.1.0-test');
  const cases: Array<[string[], RegExp]> = [
    [['--kernel', 'qemu:6.1'], /^fusefault: kernel spec 'qemu:6\.1': expected debian:/],
    [['--kernel', `file:${path.join(dir, 'none')}`], /does not exist$/],
    [['--kernel', k, '--case', 'no-such-case'], /^fusefault: unknown case 'no-such-case'; known: /],
    [
      ['--kernel', k, '--case', 'netflix-flush-on-exit', '--case', 'netflix-flush-on-exit'],
      /given twice/,
    ],
    [['--kernel', k, '--kernel', k], /given twice/],
    [['--kernel', k, '--base-url', 'ftp://x/y'], /only http, https and file URLs/],
    [['--kernel', k, '--base-url', 'not a url'], /is not a URL/],
    [['--kernel', k, '--timeout-scale', '0'], /--timeout-scale must be a number above 0/],
    [['--kernel', k, '--accel', 'xen'], /--accel must be one of kvm, tcg/],
  ];
  for (const [args, want] of cases) {
    const r = await fusefault(['lava', ...args, '--out', out]);
    t.equal(r.exitCode, 2, args.join(' '));
    t.match(r.stderr, want);
    t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
  const noOut = await fusefault(['lava', '--kernel', k]);
  t.equal(noOut.exitCode, 2);
  t.match(noOut.stderr, /out/);
  t.notOk(fs.existsSync(out), 'no output directory');
});

t.test('writes a valid job per kernel, its artifacts and run-local.sh', async (t) => {
  const dir = tmp(t);
  const out = path.join(dir, 'jobs');
  fakeBzImage(path.join(dir, 'bz-a'), '6.1.0-a');
  fakeBzImage(path.join(dir, 'bz-b'), '6.12.0-b');
  const r = await execa(
    process.execPath,
    [
      CLI,
      'lava',
      '--kernel',
      `file:${path.join(dir, 'bz-a')}`,
      '--kernel',
      `file:${path.join(dir, 'bz-b')}+fs.fuse.default_request_timeout=10`,
      '--case',
      'netflix-flush-on-exit',
      '--case',
      'request-timeout-breaks-deadlock',
      '--out',
      out,
      '--base-url',
      'https://lava.example/fusefault/',
    ],
    // the guest image goes to a private cache, not the user's
    { reject: false, env: { XDG_CACHE_HOME: path.join(dir, 'cache') }, timeout: 120_000 },
  );
  t.equal(r.exitCode, 0, r.stderr);
  const jobs = r.stdout.trim().split('\n');
  t.equal(jobs.length, 2);
  const checked = await validateJobs(jobs.map((j) => fs.readFileSync(j, 'utf8')));
  checked.forEach((c, i) => t.ok(c.ok, `${jobs[i]}: ${c.error ?? 'valid'}`));
  const doc = checked[1]!.doc as JobDoc;
  const images = doc.actions[0].deploy.images;
  t.match(images.kernel.url, /^https:\/\/lava\.example\/fusefault\/artifacts\/file_[^/]+\/bz-b$/);
  t.match(images.kernel.image_arg, /fusefault\.sysctl=fs\.fuse\.default_request_timeout=10/);
  const rel = new URL(images.ramdisk.url).pathname.replace('/fusefault/', '');
  t.ok(fs.statSync(path.join(out, rel)).size > 1e6, 'the guest initramfs is in DIR');
  t.equal(doc.metadata['fusefault.release'], '6.12.0-b');
  t.ok(fs.statSync(path.join(out, 'run-local.sh')).mode & 0o100, 'run-local.sh is executable');
  t.match(
    fs.readFileSync(path.join(out, 'device/fusefault-qemu.jinja2'), 'utf8'),
    /extends 'qemu\.jinja2'/,
  );
});
