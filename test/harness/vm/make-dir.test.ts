import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDir } from '../../../harness/vm/make-dir.js';

t.test('creates missing parents, and accepts a directory that exists', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-mkdir-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const deep = path.join(dir, 'a', 'b', 'c');
  makeDir(deep);
  t.ok(fs.statSync(deep).isDirectory());
  makeDir(deep);
  t.ok(fs.statSync(deep).isDirectory(), 'again: no error');
  fs.writeFileSync(path.join(dir, 'file'), '');
  t.throws(() => makeDir(path.join(dir, 'file')), { code: 'EEXIST' }, 'a file is not a directory');
  t.throws(() => makeDir(path.join(dir, 'file', 'x')), { code: 'ENOTDIR' });
});

t.test('a path below /proc fails with ENOENT instead of spinning', async (t) => {
  // fs.mkdirSync('/proc/nope', { recursive: true }) never returns on Node 20
  t.throws(() => makeDir('/proc/nope/deeper'), { code: 'ENOENT', path: '/proc/nope' });
  t.throws(() => makeDir('/proc/nope'), { code: 'ENOENT' });
});
