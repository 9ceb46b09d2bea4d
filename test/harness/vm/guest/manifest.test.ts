import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CpioEntry } from '../../../../harness/vm/guest/cpio.js';
import {
  guestManifest,
  manifestHash,
  productionPackages,
  type ManifestInputs,
} from '../../../../harness/vm/guest/manifest.js';

function putFile(root: string, rel: string, text = rel) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function fakeProject(t: { teardown(fn: () => void): void }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-proj-'));
  t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
  const put = (rel: string, text = rel) => putFile(root, rel, text);
  put('package.json', '{"type":"module"}');
  put(
    'package-lock.json',
    JSON.stringify({
      packages: {
        '': { name: 'x' },
        'node_modules/yargs': {},
        'node_modules/yargs/node_modules/ansi-regex': {},
        'node_modules/tap': { dev: true },
      },
    }),
  );
  put('dist/cli/main.js');
  put('dist/cli/main.js.map');
  put('dist/cases/netflix.js');
  put('dist/.tsbuildinfo');
  put('node_modules/yargs/index.js');
  put('node_modules/yargs/node_modules/ansi-regex/index.js');
  put('node_modules/tap/index.js');
  put('harness/clients/py/stat-loop.py');
  put('harness/clients/index.ts');
  put('bin/node', 'ELF node');
  put('bin/busybox', 'ELF busybox');
  put('lib/libc.so.6', 'libc');
  return root;
}

function inputs(root: string, over: Partial<ManifestInputs> = {}): ManifestInputs {
  return {
    projectRoot: root,
    busybox: path.join(root, 'bin/busybox'),
    applets: ['sh', 'busybox', 'insmod', 'poweroff'],
    binaries: [path.join(root, 'bin/node')],
    libraries: [path.join(root, 'lib/libc.so.6'), path.join(root, 'lib/libc.so.6')],
    modules: [{ name: 'fuse', data: Buffer.from('ko') }],
    ...over,
  };
}

const paths = (es: CpioEntry[]) => es.map((e) => e.path.replace(/^\/+/, ''));

t.test('production packages only', async (t) => {
  t.same(
    productionPackages({
      packages: { '': {}, 'node_modules/a': {}, 'node_modules/b': { dev: true } },
    }),
    ['node_modules/a'],
  );
});

t.test('what the guest gets', async (t) => {
  const root = fakeProject(t);
  const es = guestManifest(inputs(root));
  const p = paths(es);
  for (const want of [
    'init',
    'bin/busybox',
    'usr/bin/node',
    'lib/modules/fusefault/fuse.ko',
    'fusefault/package.json',
    'fusefault/dist/cli/main.js',
    'fusefault/dist/cases/netflix.js',
    'fusefault/harness/clients/py/stat-loop.py',
    'fusefault/node_modules/yargs/index.js',
    'fusefault/node_modules/yargs/node_modules/ansi-regex/index.js',
    'dev/console',
    'etc/passwd',
  ]) {
    t.ok(p.includes(want), want);
  }
  t.notOk(
    p.some((x) => x.includes('node_modules/tap')),
    'no dev dependencies',
  );
  t.notOk(
    p.some((x) => x.endsWith('.map') || x.endsWith('.tsbuildinfo')),
    'no maps',
  );
  t.equal(p.filter((x) => x.endsWith('libc.so.6')).length, 1, 'libraries once');
  t.match(
    es.find((e) => e.path === 'bin/sh'),
    { type: 'symlink', target: 'busybox' },
  );
  t.match(
    es.find((e) => e.path === 'bin/busybox'),
    { type: 'file', mode: 0o755 },
    'busybox itself',
  );
  const init = es.find((e) => e.path === 'init');
  t.match(init, { type: 'data', mode: 0o755 });
  if (init?.type === 'data') t.match(init.data.toString(), /for m in fuse; do/);
  // every parent directory comes before what it holds
  const seen = new Set<string>(['']);
  for (const e of es) {
    const parent = path.dirname(e.path.replace(/^\/+/, ''));
    t.ok(seen.has(parent === '.' ? '' : parent), `${e.path} after its directory`);
    if (e.type === 'dir') seen.add(e.path);
  }
});

t.test('the cache key follows the inputs', async (t) => {
  const root = fakeProject(t);
  const h1 = manifestHash(guestManifest(inputs(root)));
  t.equal(manifestHash(guestManifest(inputs(root))), h1, 'stable');
  t.not(manifestHash(guestManifest(inputs(root, { modules: [] }))), h1, 'modules');
  fs.writeFileSync(path.join(root, 'dist/cases/netflix.js'), 'changed, longer');
  t.not(manifestHash(guestManifest(inputs(root))), h1, 'a rebuilt dist file');
});
