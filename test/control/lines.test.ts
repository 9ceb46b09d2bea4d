import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { dir } from 'tmp-promise';
import { jsonLine, oneLine, onLines } from '../../src/control/lines.js';

t.test('jsonLine: exactly one line, the same JSON value', async (t) => {
  const value = { error: 'a\nb\u2028c\u2029d\u0085e', n: 5n };
  const line = jsonLine(value);
  t.equal(line.indexOf('\n'), line.length - 1, 'the only \\n ends it');
  t.notMatch(line.slice(0, -1), /[\r\u0085\u2028\u2029]/, 'no other line break, raw');
  t.same(JSON.parse(line), { error: 'a\nb\u2028c\u2029d\u0085e', n: '5' });
});

t.test('oneLine keeps the whole message, line breaks escaped', async (t) => {
  t.equal(oneLine(new Error("bad fault spec 'a\nb': x")), "bad fault spec 'a\\nb': x");
  t.equal(oneLine('text'), 'text');
  t.equal(oneLine(new Error('')), 'unknown error');
});

// A real socket pair: the client's writes and its half-close reach onLines.
async function linesOf(t: Test, send: (c: Socket) => void) {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const path = join(d.path, 's.sock');
  const got: string[] = [];
  const ended = new Promise<void>((resolve) => {
    const server = createServer({ allowHalfOpen: true }, (conn) =>
      onLines(
        conn,
        (l) => got.push(l),
        () => got.push('<overflow>'),
        () => {
          got.push('<end>');
          conn.end();
          server.close();
          resolve();
        },
      ),
    );
    server.listen(path, () => {
      const c = connect(path);
      c.on('connect', () => send(c));
    });
  });
  await ended;
  return got;
}

t.test('onLines: the last line without a newline, then the end', async (t) => {
  t.same(await linesOf(t, (c) => c.end('{"cmd":"list"}\n{"cmd":"status"}')), [
    '{"cmd":"list"}',
    '{"cmd":"status"}',
    '<end>',
  ]);
  t.same(await linesOf(t, (c) => c.end('a\n')), ['a', '<end>'], 'no empty line invented');
});
