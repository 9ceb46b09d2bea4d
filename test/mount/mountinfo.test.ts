// mountinfo parsed from captured samples, and read from this machine.
import t from 'tap';
import {
  connectionOf,
  findMount,
  isFuseMount,
  mountOf,
  mountsBelow,
  parseMountinfo,
  readMountinfo,
  readMountinfoSync,
  unescapeMountField,
} from '../../src/mount/mountinfo.js';
import { fixture } from '../harness/proc/fixture.js';

t.test('mounts, and which are FUSE', async (t) => {
  const ms = parseMountinfo(fixture('stuck-stat/mountinfo'));
  t.equal(ms.length, 21);
  const fuse = ms.filter(isFuseMount);
  t.equal(fuse.length, 1, 'fusectl is not a FUSE mount');
  t.match(fuse[0], {
    id: 42,
    parentId: 27,
    major: 0,
    minor: 39,
    mountpoint: '/tmp/fusefault-probe',
    fstype: 'fuse.probe',
    source: 'probe',
  });
  t.equal(connectionOf(fuse[0]!), 39);
  t.ok(isFuseMount({ fstype: 'fuse' }));
  t.ok(isFuseMount({ fstype: 'fuseblk' }));
  t.notOk(isFuseMount({ fstype: 'fusectl' }));
});

t.test('fuseblk connections are named MKDEV(major, minor)', async (t) => {
  t.equal(connectionOf({ major: 8, minor: 1 }), 8 * 1048576 + 1);
});

t.test('octal escapes in mount point and source', async (t) => {
  const [m] = parseMountinfo(fixture('misc/mountinfo-escaped'));
  t.equal(m?.mountpoint, '/tmp/fixture/sp ace\\back');
  t.equal(m?.source, 'src with space');
  t.equal(unescapeMountField('a\\011b\\012'), 'a\tb\n');
});

t.test('the mount holding a path', async (t) => {
  const ms = parseMountinfo(fixture('stuck-stat/mountinfo'));
  t.equal(mountOf(ms, '/tmp/fusefault-probe/a/b')?.id, 42);
  t.equal(mountOf(ms, '/tmp/fusefault-probe')?.id, 42);
  t.equal(mountOf(ms, '/tmp/fusefault-probe2')?.id, 27);
  t.equal(mountOf(ms, '/sys/fs/cgroup/cpu/x')?.id, 32);
});

t.test('this machine: /proc, and no mount at a path never mounted', async (t) => {
  const all = await readMountinfo();
  t.ok(all.length > 0);
  t.same(readMountinfoSync(), all, 'sync and async read the same file');
  const proc = findMount('/proc');
  t.equal(proc?.fstype, 'proc');
  t.equal(proc?.major, 0);
  t.equal(findMount('/definitely/not/mounted'), undefined);
  t.same(await readMountinfo(2 ** 22 + 1), [], 'a pid that cannot exist sees nothing');
});

t.test('mounts at or below a directory, not its namesakes beside it', async (t) => {
  const ms = parseMountinfo(fixture('stuck-stat/mountinfo'));
  const below = (dir: string) => mountsBelow(dir, ms).map((m) => m.mountpoint);
  t.same(below('/tmp'), ['/tmp/fusefault-probe']);
  t.same(below('/tmp/fusefault-probe'), ['/tmp/fusefault-probe'], 'the directory itself counts');
  t.same(below('/tmp/fusefault'), [], 'a name that only begins the same does not');
  t.equal(below('/').length, ms.length, 'everything is below the root');
});
