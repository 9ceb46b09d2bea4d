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

t.test('fdinfo of /dev/fuse names its connection where the kernel shows it', async (t) => {
  const dev = 'pos:\t0\nflags:\t0100002\nmnt_id:\t23\nino:\t88\nfuse_connection:\t42\n';
  t.equal(parseFdinfo(dev).fuseConnection, 42);
  t.equal(parseFdinfo(fixture('stuck-fd/fdinfo-7')).fuseConnection, undefined, 'not a device fd');
});
