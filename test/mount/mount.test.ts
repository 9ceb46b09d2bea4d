import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { UsageError } from '../../src/errors.js';
import { checkMountpoint } from '../../src/mount/mount.js';

t.test('checkMountpoint refuses what cannot be mounted on, in one line', async (t) => {
  const dir = t.testdir();
  writeFileSync(join(dir, 'file'), 'x');
  mkdirSync(join(dir, 'ok'));
  t.throws(() => checkMountpoint(join(dir, 'missing')), UsageError);
  t.throws(() => checkMountpoint(join(dir, 'missing')), /does not exist/);
  t.throws(() => checkMountpoint(join(dir, 'nope', 'deeper')), /does not exist/);
  t.throws(() => checkMountpoint(join(dir, 'file')), /is not a directory/);
  t.throws(() => checkMountpoint('/proc'), /is already a mount point \(proc\)/);
  t.throws(() => checkMountpoint('/'), /already a mount point/);
  t.equal(checkMountpoint(join(dir, 'ok')), join(dir, 'ok'));
});
