// A read that blocks (here: opening a FIFO with no writer, as /proc/PID/stack
// blocks on the cred_guard_mutex of a task stuck in execve) answers 'blocked'
// within its limit, and a second read of the same path does not pile up.
import t from 'tap';
import { openSync, writeSync, closeSync } from 'node:fs';
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { blockedReads, readTextWithin } from '../../../harness/proc/read.js';
import { waitFor } from '../../../harness/wait.js';

t.test('a blocked read answers "blocked" and stays pending once', async (t) => {
  const tmp = await dir({ unsafeCleanup: true });
  t.teardown(() => tmp.cleanup());
  const fifo = `${tmp.path}/fifo`;
  await execa('mkfifo', [fifo]);
  t.equal(await readTextWithin(fifo, 50), 'blocked');
  t.equal(blockedReads(), 1);
  t.equal(await readTextWithin(fifo, 5_000), 'blocked', 'at once while the first read is pending');
  t.equal(blockedReads(), 1, 'no second pending read');
  // give the pending read a writer so it completes
  const fd = openSync(fifo, 'w');
  writeSync(fd, 'done');
  closeSync(fd);
  await waitFor(() => blockedReads() === 0, { timeoutMs: 10_000 });
  t.equal(blockedReads(), 0);
});

t.test('a quick read returns its text; a missing file null', async (t) => {
  t.match(await readTextWithin('/proc/self/stat', 1_000), /^\d+ \(/);
  t.equal(await readTextWithin('/proc/self/no-such-file', 1_000), null);
});
