import t from 'tap';
import { bzImageRelease } from '../../../harness/vm/bzimage.js';

function image(version: string | null): Buffer {
  const b = Buffer.alloc(0x1000);
  b.write('HdrS', 0x202, 'latin1');
  if (version !== null) {
    b.writeUInt16LE(0x600, 0x20e);
    b.write(`${version}\0`, 0x800, 'latin1');
  }
  return b;
}

t.test('the release is the first word of the setup header version', async (t) => {
  t.equal(
    bzImageRelease(image('6.1.0-50-cloud-amd64 (debian-kernel@lists) #1 SMP')),
    '6.1.0-50-cloud-amd64',
  );
  t.equal(bzImageRelease(image(null)), undefined, 'no version pointer');
  t.equal(bzImageRelease(Buffer.alloc(0x1000)), undefined, 'no HdrS magic');
  t.equal(bzImageRelease(Buffer.from('short')), undefined);
});
