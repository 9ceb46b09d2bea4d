// The device reader on its own, with a fifo standing in for /dev/fuse (epoll
// watches both alike): each read is handed over with its bytes, nothing is read
// while stopped, and the end of the fd ends the reader. Reading the real device
// (one request per read, the kernel's queue left alone while stopped) is what
// test/backends/raw-*.test.ts check through `serve`.
import { constants as C, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { DeviceReader } from '../../src/engine/device-reader.js';
import { READER_EXIT_UNMOUNTED } from '../../src/engine/reader-codes.js';
import { waitFor } from '../fuse-helpers.js';

async function fifo(t: Test) {
  const path = join(t.testdir(), 'fifo');
  await execa('mkfifo', [path]);
  // the read end first, non-blocking, so opening the write end does not wait
  const readFd = openSync(path, C.O_RDONLY | C.O_NONBLOCK);
  const writeFd = openSync(path, C.O_WRONLY);
  return { readFd, writeFd };
}

// the event loop's turns: enough for a readable fd to be read, were it watched
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

t.test('each read is handed over whole; stopped, nothing is read until resume', async (t) => {
  const { readFd, writeFd } = await fifo(t);
  const r = new DeviceReader({ devFd: readFd });
  const got: string[] = [];
  r.on('request', (b) => got.push(b.toString()));
  const exited = new Promise<number>((res) => r.once('exit', (code) => res(code)));
  writeSync(writeFd, 'one');
  await waitFor(() => got.length === 1, { what: 'the first read' });
  t.same(got, ['one']);
  r.stop();
  writeSync(writeFd, 'two');
  await turns(20);
  t.same(got, ['one'], 'not read while stopped');
  r.resume();
  await waitFor(() => got.length === 2, { what: 'the read after resume' });
  t.same(got, ['one', 'two']);
  // the other end closed: read(2) returns 0 and the reader ends
  closeSync(writeFd);
  t.equal(await exited, READER_EXIT_UNMOUNTED);
});

t.test('close ends the reader and closes the fd', async (t) => {
  const { readFd, writeFd } = await fifo(t);
  t.teardown(() => closeSync(writeFd));
  const r = new DeviceReader({ devFd: readFd });
  const exited = new Promise<number>((res) => r.once('exit', (code) => res(code)));
  r.close();
  t.equal(await exited, READER_EXIT_UNMOUNTED);
  // with no reader left, a write to the fifo fails (EPIPE): the read end is closed
  await waitFor(
    () => {
      try {
        writeSync(writeFd, 'x');
        return false;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'EPIPE';
      }
    },
    { what: 'the read end closed' },
  );
  t.pass('the fd is closed');
});
