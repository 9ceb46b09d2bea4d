import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fusefault } from '../helpers.js';

t.test('a malformed kernel spec is a usage error before anything boots', async (t) => {
  const r = await fusefault(['matrix', '--kernel', 'debian:bookworm', '--kernel', 'qemu:6.1']);
  t.equal(r.exitCode, 2);
  t.match(r.stderr, /^fusefault: kernel spec 'qemu:6\.1': expected debian:/);
  t.equal(r.stderr.trim().split('\n').length, 1);
});

t.test('--kernel is required', async (t) => {
  const r = await fusefault(['matrix']);
  t.equal(r.exitCode, 2);
  t.match(r.stderr, /kernel/);
});

t.test('a missing file: kernel is refused before anything is written or booted', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-matrix-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const json = path.join(dir, 'm.json');
  const md = path.join(dir, 'm.md');
  const spec = `file:${path.join(dir, 'no-bzImage')}`;
  const r = await fusefault(['matrix', '--kernel', spec, '--json', json, '--markdown', md]);
  t.equal(r.exitCode, 2);
  t.equal(r.stderr, `fusefault: kernel '${spec}': ${path.join(dir, 'no-bzImage')} does not exist`);
  t.equal(r.stdout, '', 'no table');
  t.notOk(fs.existsSync(json) || fs.existsSync(md), 'no report');
});

t.test('kernels lists the cache (under XDG_CACHE_HOME) and the recipes', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-xdg-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const k = path.join(dir, 'fusefault', 'kernels', 'debian_linux-image-x_1');
  fs.mkdirSync(k, { recursive: true });
  fs.writeFileSync(
    path.join(k, 'kernel.json'),
    JSON.stringify({
      release: '6.1.0-99-cloud-amd64',
      bzImage: '/x',
      packages: ['linux-image-6.1.0-99-cloud-amd64'],
    }),
  );
  const b = path.join(dir, 'fusefault', 'kbuild', '6.1-0123');
  fs.mkdirSync(b, { recursive: true });
  fs.writeFileSync(
    path.join(b, 'info.json'),
    JSON.stringify({ recipe: '6.1', release: '6.1.192' }),
  );
  const { execa } = await import('execa');
  const { CLI } = await import('../helpers.js');
  const r = await execa(process.execPath, [CLI, 'kernels'], {
    env: { XDG_CACHE_HOME: dir },
    reject: false,
  });
  t.equal(r.exitCode, 0);
  t.match(r.stdout, `cached kernels (${path.join(dir, 'fusefault', 'kernels')}):`);
  t.match(r.stdout, /6\.1\.0-99-cloud-amd64\s+linux-image-6\.1\.0-99-cloud-amd64/);
  t.match(r.stdout, /6\.1\.192\s+build:6\.1\n/, 'cached builds too');
  t.match(r.stdout, /build recipes \(build:<recipe>\):/);
});
