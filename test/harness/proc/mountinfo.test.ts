import t from 'tap';
import {
  connectionOf,
  isFuseMount,
  mountOf,
  parseMountinfo,
  unescapeMountField,
} from '../../../harness/proc/mountinfo.js';
import { listConnections, parseCounter } from '../../../harness/proc/fusectl.js';
import { parseFdinfo } from '../../../harness/proc/fds.js';
import { fixture, FIXTURES } from './fixture.js';

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

t.test('fusectl counters', async (t) => {
  t.same(await listConnections({ dir: `${FIXTURES}fusectl` }), [
    { id: 39, waiting: 2, maxBackground: 12, congestionThreshold: 9 },
  ]);
  t.same(await listConnections({ dir: `${FIXTURES}no-such-dir` }), []);
  t.throws(() => parseCounter('x'));
});

t.test('fdinfo of an O_PATH fd on the FUSE root', async (t) => {
  const info = parseFdinfo(fixture('stuck-fd/fdinfo-7'));
  t.equal(info.mntId, 42);
  t.equal(info.flags, 0o10000000, 'O_PATH');
  t.equal(info.ino, 1, 'FUSE_ROOT_ID');
  t.throws(() => parseFdinfo('pos: 0\n'));
});
