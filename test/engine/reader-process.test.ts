// The reader process and the server's re-framing, with a plain file standing in
// for /dev/fuse: a file read returns many requests at once and the pipe cuts
// them anywhere, so every request must still come out whole and in order.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ReaderProcess, readerPlace, taskState } from '../../src/engine/reader-process.js';
import { waitFor } from '../fuse-helpers.js';
import { READER_EXIT_UNMOUNTED } from '../../src/engine/reader-codes.js';

// A fake request: a fuse_in_header-sized prefix with len and a recognisable unique.
function fake(unique: number, len: number): Buffer {
  const b = Buffer.alloc(len, unique & 0xff);
  b.writeUInt32LE(len, 0);
  b.writeBigUInt64LE(BigInt(unique), 8);
  return b;
}

t.test('requests come out whole and in order; EOF ends the reader with 0', async (t) => {
  const sizes = [40, 56, 1 << 20, 64, 200_000, 40, 1000, (1 << 20) + 80];
  const reqs = sizes.map((n, i) => fake(i + 1, n));
  const file = join(t.testdir(), 'requests');
  writeFileSync(file, Buffer.concat(reqs));
  const fd = openSync(file, 'r');
  const r = new ReaderProcess({ devFd: fd });
  closeSync(fd);
  const got: Buffer[] = [];
  r.on('request', (b) => got.push(Buffer.from(b)));
  const [code, signal] = await new Promise<[number | null, string | null]>((res) =>
    r.once('exit', (c, s) => res([c, s])),
  );
  t.equal(code, READER_EXIT_UNMOUNTED);
  t.equal(signal, null);
  t.same(
    got.map((b) => b.length),
    sizes,
  );
  t.ok(
    got.every((b, i) => b.equals(reqs[i] as Buffer)),
    'byte for byte',
  );
});

t.test('stop waits until the reader is stopped; resume lets it go on', async (t) => {
  // a fifo nobody writes: the reader blocks in its read like on an idle device
  const dir = t.testdir();
  const fifo = join(dir, 'fifo');
  const { execa } = await import('execa');
  await execa('mkfifo', [fifo]);
  const fd = openSync(fifo, 'r+');
  const r = new ReaderProcess({ devFd: fd });
  closeSync(fd);
  const exited = new Promise((res) => r.once('exit', res));
  await waitFor(() => readerPlace(r.pid) === 'reading', { what: 'the reader in read(2)' });
  const place = await r.stop();
  t.equal(taskState(r.pid), 'T');
  t.equal(place, 'reading', 'stopped inside its read of fd 3');
  r.resume();
  await waitFor(() => taskState(r.pid) === 'S', { what: 'the reader sleeping in read(2) again' });
  t.equal(readerPlace(r.pid), 'reading');
  r.kill();
  await exited;
});
