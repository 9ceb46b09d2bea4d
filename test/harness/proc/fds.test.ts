import t from 'tap';
import { parseFdinfo } from '../../../harness/proc/fds.js';
import { fixture } from './fixture.js';

t.test('fdinfo of an O_PATH fd on the FUSE root', async (t) => {
  const info = parseFdinfo(fixture('stuck-fd/fdinfo-7'));
  t.equal(info.mntId, 42);
  t.equal(info.flags, 0o10000000, 'O_PATH');
  t.equal(info.ino, 1, 'FUSE_ROOT_ID');
  t.throws(() => parseFdinfo('pos: 0\n'));
});
