import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execaSync } from 'execa';
import {
  fuseBuiltin,
  guestModules,
  indexModules,
  modinfoDepends,
  moduleClosure,
  moduleName,
  readModule,
} from '../../../harness/vm/modules.js';

// A fake module: ELF-ish bytes with a .modinfo-like run of NUL-separated strings.
const ko = (deps: string) =>
  Buffer.from(`\x7fELF...\0license=GPL\0depends=${deps}\0name=x\0`, 'latin1');

t.test('names and depends strings', async (t) => {
  t.equal(moduleName('/k/kernel/fs/fuse/fuse.ko.xz'), 'fuse');
  t.equal(moduleName('virtio-fs.ko'), 'virtio_fs');
  t.same(modinfoDepends(ko('')), []);
  t.same(modinfoDepends(ko('virtio_ring,virtio-pci')), ['virtio_ring', 'virtio_pci']);
  t.same(modinfoDepends(Buffer.from('no modinfo')), []);
});

t.test('dependencies load first, each once, missing ones skipped', async (t) => {
  const deps: Record<string, string[]> = {
    '/m/a.ko': ['b', 'c'],
    '/m/b.ko': ['c', 'builtin_thing'],
    '/m/c.ko': [],
  };
  const index = new Map([
    ['a', '/m/a.ko'],
    ['b', '/m/b.ko'],
    ['c', '/m/c.ko'],
  ]);
  const got = moduleClosure(['a'], index, (f) => deps[f] ?? []);
  t.same(
    got.map((m) => m.name),
    ['c', 'b', 'a'],
  );
});

t.test('a modules tree: index, xz decompression, builtin detection', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-mod-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const fuseDir = path.join(dir, 'kernel', 'fs', 'fuse');
  fs.mkdirSync(fuseDir, { recursive: true });
  fs.writeFileSync(path.join(fuseDir, 'fuse.ko'), ko('helper'));
  execaSync('xz', ['-z', path.join(fuseDir, 'fuse.ko')]);
  fs.mkdirSync(path.join(dir, 'kernel', 'lib'));
  fs.writeFileSync(path.join(dir, 'kernel', 'lib', 'helper.ko'), ko(''));
  const index = indexModules(dir);
  t.equal(index.get('fuse'), path.join(fuseDir, 'fuse.ko.xz'));
  t.same(modinfoDepends(readModule(index.get('fuse')!)), ['helper'], 'xz is decompressed');
  t.same(
    guestModules({ modulesDir: dir }).map((m) => m.name),
    ['helper', 'fuse'],
  );

  const config = path.join(dir, 'config');
  fs.writeFileSync(config, 'CONFIG_FUSE_FS=y\n');
  t.ok(fuseBuiltin({ config }));
  t.same(guestModules({ config, modulesDir: dir }), [], 'nothing to load when built in');
  fs.writeFileSync(config, 'CONFIG_FUSE_FS=m\n');
  t.notOk(fuseBuiltin({ config }));
  fs.writeFileSync(path.join(dir, 'modules.builtin'), 'kernel/fs/fuse/fuse.ko\n');
  t.ok(fuseBuiltin({ modulesDir: dir }), 'modules.builtin says so');
});
