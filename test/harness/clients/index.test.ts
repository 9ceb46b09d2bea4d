// The scripted clients on a plain directory: each reports every syscall it
// made, with an `enter` line before it, on the monotonic clock.
import t from 'tap';
import { dir } from 'tmp-promise';
import { existsSync, readFileSync } from 'node:fs';
import { runClient, startClient, type ClientReport } from '../../../harness/clients/index.js';

const steps = (rs: ClientReport[]) => rs.filter((r) => !r.enter).map((r) => r.step);

t.test('open-exit opens, writes and exits without closing', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const res = await runClient('open-exit', ['--path', `${d.path}/f`, '--write', 'hello']);
  t.equal(res.exitCode, 0);
  t.same(steps(res.reports), ['open', 'write']);
  t.equal(res.reports.at(-1)?.step, 'exit', 'the last line announces the exit');
  t.equal(readFileSync(`${d.path}/f`, 'utf8'), 'hello');
  const ts = res.reports.map((r) => r.ts);
  t.same(
    [...ts].sort((a, b) => a - b),
    ts,
    'timestamps are monotonic',
  );
});

t.test('open-exit --hold stays until killed', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const c = startClient('open-exit', ['--path', `${d.path}/f`, '--hold']);
  const hold = await c.waitFor((r) => r.step === 'hold');
  t.equal(hold.detail?.pid, c.pid, 'reports its own pid');
  c.kill('SIGKILL');
  const res = await c.done;
  t.equal(res.signal, 'SIGKILL');
});

t.test('write-exit writes and sets the mode', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const res = await runClient('write-exit', [
    '--path',
    `${d.path}/x`,
    '--size',
    '10',
    '--mode',
    '750',
  ]);
  t.same(steps(res.reports), ['open', 'write', 'chmod']);
  t.equal(res.reports.find((r) => r.step === 'write' && !r.enter)?.result, 10);
  t.ok(existsSync(`${d.path}/x`));
});

t.test('stat-loop reports each stat and stops at an error', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const ok = await runClient('stat-loop', ['--path', d.path, '--count', '3']);
  t.same(steps(ok.reports), ['stat#0', 'stat#1', 'stat#2']);
  const bad = await runClient('stat-loop', ['--path', `${d.path}/none`, '--count', '0']);
  t.equal(bad.exitCode, 1);
  t.equal(bad.reports.at(-1)?.errno, 'ENOENT');
});

t.test('stat-loop: SIGINT keeps its default action unless caught', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const args = ['--path', d.path, '--count', '0', '--interval-ms', '20'];
  const plain = startClient('stat-loop', args);
  await plain.waitFor((r) => r.step === 'stat#1');
  plain.kill('SIGINT');
  t.equal((await plain.done).signal, 'SIGINT', 'killed by SIGINT');
  const caught = startClient('stat-loop', [...args, '--catch-sigint']);
  await caught.waitFor((r) => r.step === 'stat#1');
  caught.kill('SIGINT');
  await caught.waitFor((r) => r.step === 'signal');
  const n = caught.reports.length;
  await caught.waitFor((_r) => caught.reports.length > n + 2);
  t.pass('kept going after the caught SIGINT');
  caught.kill('SIGKILL');
  t.equal((await caught.done).signal, 'SIGKILL');
});

t.test('write-close reports close() (python client)', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const res = await runClient('write-close', ['--path', `${d.path}/c`, '--size', '5']);
  const close = res.reports.find((r) => r.step === 'close' && !r.enter);
  t.equal(close?.result, 0);
  t.equal(readFileSync(`${d.path}/c`, 'utf8'), 'xxxxx');
});

t.test('a default-action SIGINT kills write-close; a caught one is reported', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  // a FIFO blocks open() until a writer comes: something to interrupt
  const { execa } = await import('execa');
  await execa('mkfifo', [`${d.path}/p`]);
  const plain = startClient('write-close', ['--path', `${d.path}/p`]);
  await plain.waitFor((r) => r.step === 'open' && r.enter === true);
  plain.kill('SIGINT');
  t.equal((await plain.done).signal, 'SIGINT');
  const caught = startClient('write-close', ['--path', `${d.path}/p`, '--catch-sigint']);
  await caught.waitFor((r) => r.step === 'open' && r.enter === true);
  caught.kill('SIGINT');
  await caught.waitFor((r) => r.step === 'signal');
  caught.kill('SIGKILL');
  t.equal((await caught.done).signal, 'SIGKILL');
});

t.test('mmap-read touches every page', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  await runClient('write-close', ['--path', `${d.path}/m`, '--size', String(3 * 4096)]);
  const res = await runClient('mmap-read', ['--path', `${d.path}/m`]);
  const fault = res.reports.find((r) => r.step === 'fault' && !r.enter);
  t.equal(fault?.result, 3 * 'x'.charCodeAt(0), 'one byte read per page');
});

t.test('write-exec writes, reaps the writer and execs the file', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const res = await runClient('write-exec', ['--dir', d.path, '--attempts', '2']);
  const execs = res.reports.filter((r) => r.syscall === 'execve');
  t.equal(execs.length, 2);
  t.same(
    execs.map((r) => r.result),
    [0, 0],
    'on a local filesystem the file is closed by the time the writer is reaped',
  );
});
