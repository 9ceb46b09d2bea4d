import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { dir } from 'tmp-promise';
import { readTrace, Trace, traceLine } from '../../src/trace/trace.js';
import { monotonic, type TraceEvent } from '../../src/trace/types.js';

async function tmpFile(t: Test, name = 'trace.jsonl'): Promise<string> {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  return join(d.path, name);
}

function request(unique: number): TraceEvent {
  return {
    ev: 'request',
    ts: monotonic(),
    unique: String(unique),
    op: 'flush',
    nodeid: '1',
    pid: 42,
  };
}

t.test('events reach the file as JSON lines, in order, on close', async (t) => {
  const file = await tmpFile(t);
  const tr = new Trace({ file });
  for (let i = 1; i <= 500; i++) tr.emit(request(i));
  tr.emit({ ev: 'resume', ts: 1 });
  await tr.close();
  const evs = await readTrace(file);
  t.equal(evs.length, 501);
  t.same(
    evs.slice(0, 500).map((e) => (e.ev === 'request' ? Number(e.unique) : 0)),
    Array.from({ length: 500 }, (_, i) => i + 1),
  );
  t.same(evs[500], { ev: 'resume', ts: 1 });
  const text = await readFile(file, 'utf8');
  t.equal(text.split('\n').length, 502, 'one line per event, newline-terminated');
  tr.emit(request(9999));
  t.equal((await readTrace(file)).length, 501, 'events after close are dropped');
});

t.test('the file is flushed without close, within the flush period', async (t) => {
  const file = await tmpFile(t);
  const tr = new Trace({ file });
  t.teardown(() => tr.close());
  tr.emit(request(1));
  const deadline = Date.now() + 5000;
  let evs: TraceEvent[] = [];
  while (Date.now() < deadline && evs.length === 0) {
    await new Promise((r) => setTimeout(r, 20));
    evs = await readTrace(file);
  }
  t.equal(evs.length, 1, 'the timer wrote the buffered line');
});

t.test('flushSync writes what is buffered at once', async (t) => {
  const file = await tmpFile(t);
  const tr = new Trace({ file });
  t.teardown(() => tr.close());
  tr.emit(request(1));
  tr.emit(request(2));
  tr.flushSync();
  t.equal((await readTrace(file)).length, 2);
});

t.test('a process that exits without close still writes what it buffered', async (t) => {
  const file = await tmpFile(t);
  const mod = new URL('../../src/trace/trace.js', import.meta.url).href;
  const script = `
    const { Trace } = await import(${JSON.stringify(mod)});
    const tr = new Trace({ file: ${JSON.stringify(file)} });
    tr.emit({ ev: 'error', ts: 1, message: 'last words' });
    process.exit(3);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script]);
  t.equal(r.status, 3, r.stderr.toString());
  t.same(await readTrace(file), [{ ev: 'error', ts: 1, message: 'last words' }]);
});

t.test('the file is appended to, not truncated', async (t) => {
  const file = await tmpFile(t);
  await writeFile(file, traceLine({ ev: 'resume', ts: 0.5 }));
  const tr = new Trace({ file });
  tr.emit({ ev: 'unmount', ts: 2, reason: 'test' });
  await tr.close();
  t.same(await readTrace(file), [
    { ev: 'resume', ts: 0.5 },
    { ev: 'unmount', ts: 2, reason: 'test' },
  ]);
});

t.test('bigint values are written as decimal strings', async (t) => {
  const line = traceLine({ ev: 'x', unique: 18446744073709551615n } as unknown as TraceEvent);
  t.equal(line, '{"ev":"x","unique":"18446744073709551615"}\n');
});

t.test('subscribers get every event at once, until they unsubscribe', async (t) => {
  const tr = new Trace();
  t.equal(tr.active, false, 'no file and no subscriber: nobody listens');
  const a: TraceEvent[] = [];
  const b: TraceEvent[] = [];
  const offA = tr.subscribe((ev) => a.push(ev));
  tr.subscribe(() => {
    throw new Error('a broken subscriber');
  });
  tr.subscribe((ev) => b.push(ev));
  t.equal(tr.active, true);
  tr.emit(request(1));
  offA();
  tr.emit(request(2));
  t.equal(a.length, 1);
  t.equal(b.length, 2, 'a throwing subscriber does not stop the others');
  await tr.close();
  tr.emit(request(3));
  t.equal(b.length, 2, 'nothing after close');
  t.equal(tr.active, false);
});

t.test('a bad trace path fails at construction', async (t) => {
  const file = await tmpFile(t);
  t.throws(() => new Trace({ file: join(file, 'no', 'such', 'dir') }), { code: 'ENOENT' });
});

t.test('readTrace skips a torn last line but not a torn middle one', async (t) => {
  const file = await tmpFile(t);
  await writeFile(file, traceLine({ ev: 'resume', ts: 1 }) + '{"ev":"req');
  t.same(await readTrace(file), [{ ev: 'resume', ts: 1 }]);
  await writeFile(file, '{"ev":\n' + traceLine({ ev: 'resume', ts: 1 }));
  await t.rejects(readTrace(file), { message: /:1: not a trace line/ });
});

t.test('monotonic timestamps only grow', async (t) => {
  const a = monotonic();
  await new Promise((r) => setTimeout(r, 5));
  t.ok(monotonic() > a);
});
