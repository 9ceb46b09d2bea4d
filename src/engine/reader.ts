// The /dev/fuse reader: a process of its own (started by ReaderProcess under
// `setpriv --pdeathsig KILL`), with the device as fd 3 and a pipe to the server as
// stdout. It only moves request bytes; the server decodes and answers them on its
// own fd. Being a process, it can be SIGSTOPped: a stopped task blocked in
// fuse_dev_do_read leaves the queue alone (the wait returns -ERESTARTSYS without
// taking a request), which is what `stop` must mean to the kernel.
import { readSync, writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { READER_EXIT_ABORTED, READER_EXIT_UNMOUNTED } from './reader-codes.js';

const DEVICE_FD = 3;
const OUT_FD = 1;
// the kernel refuses reads smaller than max_write + headers, and never smaller
// than FUSE_MIN_READ_BUFFER (fuse_dev_do_read: -EINVAL); we negotiate max_write =
// 128 KiB (MAX_WRITE in init.ts), which 1 MiB + one page holds with room to spare
const BUFFER_SIZE = (1 << 20) + 4096;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function writeAll(buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(OUT_FD, buf, off, buf.length - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EINTR') {
        // a non-blocking pipe that is full: the server is behind, wait a little
        Atomics.wait(sleeper, 0, 0, 1);
        continue;
      }
      throw err;
    }
  }
}

function main(): number {
  const buf = Buffer.allocUnsafe(BUFFER_SIZE);
  for (;;) {
    let n: number;
    try {
      n = readSync(DEVICE_FD, buf, 0, buf.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EINTR' || code === 'EAGAIN') continue;
      // ENODEV: unmounted or aborted; ECONNABORTED only for an abort when the
      // server negotiated FUSE_ABORT_ERROR (fc->abort_err), which we do not
      if (code === 'ENODEV') return READER_EXIT_UNMOUNTED;
      if (code === 'ECONNABORTED') return READER_EXIT_ABORTED;
      throw err;
    }
    if (n === 0) return READER_EXIT_UNMOUNTED;
    try {
      writeAll(buf.subarray(0, n));
    } catch (err) {
      // the server is gone: nothing left to read for
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') return READER_EXIT_UNMOUNTED;
      throw err;
    }
  }
}

// pdeathsig alone is not enough: it fires when the thread that forked us
// leaves exit_notify(), which comes after exit_files(). When the server is
// SIGKILLed holding a file on its own mount and that thread is the one left
// waiting in fuse_flush, it never gets there, and we would go on reading
// (and taking the FLUSH off the queue) for a dead server. So a watcher thread
// also ends us as soon as the server is exiting (PF_EXITING) or gone.
const PARENT_WATCH = `
const { readFileSync } = require('node:fs');
const ppid = ${process.ppid};
const PF_EXITING = 0x4;
const nap = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  let dead = true;
  try {
    const stat = readFileSync('/proc/' + ppid + '/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    dead = f[0] === 'Z' || f[0] === 'X' || (Number(f[6]) & PF_EXITING) !== 0;
  } catch {}
  if (dead) process.kill(process.pid, 'SIGKILL');
  Atomics.wait(nap, 0, 0, 50);
}`;
new Worker(PARENT_WATCH, { eval: true }).unref();

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`fusefault reader: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
