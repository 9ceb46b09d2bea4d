import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../../src/errors.js';
import { cacheDir, cacheRoot } from '../../../harness/vm/cache.js';
import { checkKernelSpec, resolveKernel } from '../../../harness/vm/kernel.js';
import { findKernelFiles } from '../../../harness/vm/layout.js';
import { parseKernelSpec } from '../../../harness/vm/spec.js';
import { fakeBzImage } from '../../helpers.js';

const log = () => {};

t.test('the cache honours XDG_CACHE_HOME', async (t) => {
  t.equal(cacheRoot({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }), '/x/cache/fusefault');
  t.equal(cacheRoot({ HOME: '/home/u' }), '/home/u/.cache/fusefault');
  t.equal(cacheRoot({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }), '/home/u/.cache/fusefault');
  t.equal(cacheDir('apt', { HOME: '/h' }), '/h/.cache/fusefault/apt');
});

t.test('file: kernels are named from their bzImage', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-kern-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const img = path.join(dir, 'bzImage');
  fakeBzImage(img, '6.1.99-mine');
  fs.mkdirSync(path.join(dir, 'mods'));
  fs.writeFileSync(path.join(dir, '.config'), 'CONFIG_FUSE_FS=y\n');
  const k = await resolveKernel(parseKernelSpec(`file:${img}:${path.join(dir, 'mods')}`), { log });
  t.match(k, {
    bzImage: img,
    release: '6.1.99-mine',
    modulesDir: path.join(dir, 'mods'),
    config: path.join(dir, '.config'),
  });
  await t.rejects(resolveKernel(parseKernelSpec(`file:${dir}/nope`), { log }), UsageError);
  fs.writeFileSync(path.join(dir, 'notakernel'), 'hello');
  await t.rejects(
    resolveKernel(parseKernelSpec(`file:${dir}/notakernel`), { log }),
    /not an x86 bzImage/,
  );
  await t.rejects(
    resolveKernel(parseKernelSpec(`file:${img}:${dir}/nomods`), { log }),
    /modules directory/,
  );
});

t.test('package trees: /boot (bookworm, trixie) and /usr/lib/modules (sid)', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-tree-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const old = path.join(dir, 'old');
  fs.mkdirSync(path.join(old, 'boot'), { recursive: true });
  fs.mkdirSync(path.join(old, 'lib/modules/6.1.0-50-cloud-amd64'), { recursive: true });
  fs.writeFileSync(path.join(old, 'boot/vmlinuz-6.1.0-50-cloud-amd64'), '');
  fs.writeFileSync(path.join(old, 'boot/config-6.1.0-50-cloud-amd64'), '');
  t.same(findKernelFiles(old), {
    bzImage: path.join(old, 'boot/vmlinuz-6.1.0-50-cloud-amd64'),
    release: '6.1.0-50-cloud-amd64',
    modulesDir: path.join(old, 'lib/modules/6.1.0-50-cloud-amd64'),
    config: path.join(old, 'boot/config-6.1.0-50-cloud-amd64'),
  });
  const sid = path.join(dir, 'sid');
  const m = path.join(sid, 'usr/lib/modules/7.2.13+deb14-cloud-amd64');
  fs.mkdirSync(m, { recursive: true });
  fs.writeFileSync(path.join(m, 'vmlinuz'), '');
  fs.writeFileSync(path.join(m, 'config'), '');
  t.same(findKernelFiles(sid), {
    bzImage: path.join(m, 'vmlinuz'),
    modulesDir: m,
    release: '7.2.13+deb14-cloud-amd64',
    config: path.join(m, 'config'),
  });
  t.throws(() => findKernelFiles(path.join(dir, 'empty')), /no vmlinuz/);
});

t.test('checkKernelSpec: what can be known before fetching, building or booting', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-kern-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const img = path.join(dir, 'bzImage');
  fakeBzImage(img, '6.1.99-mine');
  fs.writeFileSync(path.join(dir, 'notakernel'), 'hello');
  const check = (text: string) => () => checkKernelSpec(parseKernelSpec(text));
  t.doesNotThrow(check(`file:${img}`));
  t.doesNotThrow(check('build:6.1'));
  t.doesNotThrow(check('debian:sid'), 'a suite is known only to the archive');
  t.throws(check('build:nope'), {
    name: 'UsageError',
    message: /^kernel 'build:nope': no such recipe \(known: 6\.1, /,
  });
  t.throws(check(`file:${dir}/nope`), {
    message: `kernel 'file:${dir}/nope': ${dir}/nope does not exist`,
  });
  t.throws(check(`file:${dir}/notakernel`), { message: /is not an x86 bzImage$/ });
  t.throws(check(`file:${dir}`), { name: 'UsageError', message: /cannot read .*EISDIR/ });
  t.throws(check(`file:${img}:${dir}/notakernel`), {
    message: /modules directory .* is not a directory$/,
  });
});
