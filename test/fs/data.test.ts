// File contents through MemFs: sparse and extending writes, truncation, chunk edges.
import { constants } from 'node:os';
import t from 'tap';
import { MemFs } from '../../src/fs/memfs.js';
import { ROOT_ID } from '../../src/fs/types.js';
import { file, root, throwsErrno } from './helpers.js';

const E = constants.errno;

t.test('sparse and extending writes, truncate', async (t) => {
  const fs = new MemFs();
  const { id, fh } = file(fs, 'f');
  t.equal(fs.write(id, fh, 10n, Buffer.from('xy'), root), 2);
  t.equal(fs.getattr(id).size, 12n);
  t.same([...fs.read(id, fh, 0n, 100)], [...Buffer.alloc(10), 120, 121], 'hole reads as zeros');
  t.equal(fs.read(id, fh, 100n, 10).length, 0, 'read past EOF is empty');
  fs.write(id, fh, 0n, Buffer.alloc(5000, 1), root);
  fs.setattr(id, { size: 3n }, root);
  fs.setattr(id, { size: 6000n }, root);
  const back = fs.read(id, fh, 0n, 6000);
  t.equal(back.length, 6000);
  t.same([...back.subarray(0, 4)], [1, 1, 1, 0], 'extension after shrink is zero');
  t.equal(
    back.subarray(3).every((b) => b === 0),
    true,
  );
  // a write far past the end after a shrink must not expose old bytes
  fs.setattr(id, { size: 0n }, root);
  fs.write(id, fh, 4000n, Buffer.from('z'), root);
  t.equal(
    fs.read(id, fh, 0n, 4000).every((b) => b === 0),
    true,
    'no stale bytes in the hole',
  );
  throwsErrno(t, () => fs.setattr(ROOT_ID, { size: 0n }, root), E.EISDIR, 'truncate a directory');
  throwsErrno(t, () => fs.write(id, fh, 1n << 40n, Buffer.from('a'), root), E.EFBIG, 'too large');
});

t.test('holes: past a short first chunk, whole missing chunks, across chunks', async (t) => {
  const fs = new MemFs();
  const { id, fh } = file(fs, 'f');
  fs.write(id, fh, 0n, Buffer.from('head'), root);
  fs.setattr(id, { size: 3n << 20n }, root);
  t.equal(
    fs.read(id, fh, 500_000n, 8).every((b) => b === 0),
    true,
    'past the first chunk',
  );
  t.equal(
    fs.read(id, fh, 2n << 20n, 8).every((b) => b === 0),
    true,
    'a missing chunk',
  );
  fs.write(id, fh, (1n << 20n) - 2n, Buffer.from('abcd'), root);
  t.equal(fs.read(id, fh, (1n << 20n) - 3n, 6).toString('latin1'), '\0abcd\0', 'across chunks');
  fs.setattr(id, { size: (1n << 20n) - 1n }, root);
  fs.setattr(id, { size: 2n << 20n }, root);
  t.equal(
    fs.read(id, fh, (1n << 20n) - 2n, 4).toString('latin1'),
    'a\0\0\0',
    'cut bytes stay zero',
  );
  t.equal(fs.read(id, fh, 0n, 4).toString(), 'head');
});

t.test('many sequential writes into chunks', async (t) => {
  const fs = new MemFs();
  const { id, fh } = file(fs, 'big');
  const chunk = Buffer.alloc(128 * 1024, 7);
  for (let i = 0; i < 256; i++) fs.write(id, fh, BigInt(i * chunk.length), chunk, root);
  t.equal(fs.getattr(id).size, 32n * 1024n * 1024n);
  t.equal(fs.read(id, fh, 32n * 1024n * 1024n - 1n, 10)[0], 7);
});
