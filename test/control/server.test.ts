import { spawnSync } from 'node:child_process';
import { chmod, mkdir, stat, writeFile, readFile } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { dir } from 'tmp-promise';
import { ctlEvents, ctlRequest } from '../../src/control/client.js';
import { startControlServer } from '../../src/control/server.js';
import type { TraceEvent } from '../../src/trace/types.js';
import { FakeTarget, serveFakeTarget, until } from './fake-target.js';

// A raw connection: send lines, read reply lines one at a time.
function raw(sock: string) {
  const c: Socket = createConnection(sock);
  c.setEncoding('utf8');
  let buf = '';
  const waiting: ((line: string) => void)[] = [];
  const lines: string[] = [];
  c.on('data', (d: string) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const closed = new Promise<void>((r) => c.on('close', () => r()));
  return {
    send: (text: string) => c.write(text),
    next: () =>
      new Promise<Record<string, unknown>>((resolve) => {
        const l = lines.shift();
        if (l !== undefined) resolve(JSON.parse(l));
        else waiting.push((line) => resolve(JSON.parse(line)));
      }),
    close: () => c.destroy(),
    closed,
  };
}

t.test('the socket is mode 0600 from bind on and removed on close', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const sock = join(d.path, 'ctl.sock');
  const target = new FakeTarget();
  // under umask 0 a socket is bound 0777; the server binds under its own umask
  const old = process.umask(0);
  let server: Awaited<ReturnType<typeof startControlServer>>;
  try {
    server = await startControlServer(sock, target);
    t.equal(process.umask(), 0, 'our umask is back once listening');
  } finally {
    process.umask(old);
  }
  const st = await stat(sock);
  t.ok(st.isSocket());
  t.equal(st.mode & 0o777, 0o600);
  await server.close();
  await target.close();
  await t.rejects(stat(sock), { code: 'ENOENT' });
  await t.rejects(ctlRequest(sock, { cmd: 'list' }), {
    name: 'UsageError',
    message: `no fusefault server at ${sock}`,
  });
});

t.test('rule commands round trip', async (t) => {
  const { sock, target } = await serveFakeTarget(t);
  const add = await ctlRequest(sock, { cmd: 'add', spec: 'flush:stall' });
  t.match(add, { ok: true, rule: { id: 1, spec: 'flush:stall', action: { kind: 'stall' } } });
  await ctlRequest(sock, { cmd: 'add', spec: 'write:errno=EIO,first=2' });
  t.equal(target.faults.list().length, 2, 'the target has the rules');
  target.faults.decide({ op: 'flush', pid: 1, unique: 2n, nodeid: 1n });
  const list = await ctlRequest(sock, { cmd: 'list' });
  t.match(list, {
    ok: true,
    rules: [
      { id: 1, hits: 1 },
      { id: 2, hits: 0, limit: { first: 2 } },
    ],
  });
  const released: (number | undefined)[] = [];
  target.faults.on('release', (id?: number) => released.push(id));
  t.same(await ctlRequest(sock, { cmd: 'release', rule: 1 }), { ok: true });
  t.same(await ctlRequest(sock, { cmd: 'release' }), { ok: true });
  t.same(await ctlRequest(sock, { cmd: 'release', rule: 9 }), { ok: false, error: 'no rule 9' });
  t.same(await ctlRequest(sock, { cmd: 'remove', rule: 2 }), { ok: true });
  t.same(await ctlRequest(sock, { cmd: 'remove', rule: 2 }), { ok: false, error: 'no rule 2' });
  t.same(await ctlRequest(sock, { cmd: 'clear' }), { ok: true, removed: 1 });
  t.same(released, [1, undefined, undefined]);
  t.same(target.faults.list(), []);
});

t.test('a malformed spec and a vetoed rule are one-line errors', async (t) => {
  const { sock, target } = await serveFakeTarget(t);
  const bad = await ctlRequest(sock, { cmd: 'add', spec: 'flsh:stall' });
  t.equal(bad.ok, false);
  t.match(bad, { error: /^bad fault spec 'flsh:stall': unknown operation 'flsh' \(known: / });
  target.faults.addValidator((r) =>
    r.action.kind === 'stop' ? 'stop is not supported here' : undefined,
  );
  t.same(await ctlRequest(sock, { cmd: 'add', spec: 'all:stop' }), {
    ok: false,
    error: 'stop is not supported here',
  });
});

t.test('stop, resume, status, open', async (t) => {
  const { sock, target, dir } = await serveFakeTarget(t);
  t.same(await ctlRequest(sock, { cmd: 'stop' }), { ok: true });
  t.equal(target.stopped, true);
  t.same(target.stopReasons, ['control socket']);
  t.same(await ctlRequest(sock, { cmd: 'stop', reason: 'case 7' }), { ok: true });
  t.equal(target.stopReasons[1], 'case 7');
  const st = await ctlRequest(sock, { cmd: 'status' });
  t.match(st, { ok: true, status: { conn: 77, stopped: true, inflight: [{ op: 'flush' }] } });
  t.same(await ctlRequest(sock, { cmd: 'resume' }), { ok: true });
  t.equal(target.stopped, false);
  target.refuseStop = 'the fuse-native backend cannot stop reading /dev/fuse';
  t.same(await ctlRequest(sock, { cmd: 'stop' }), {
    ok: false,
    error: 'the fuse-native backend cannot stop reading /dev/fuse',
  });
  const file = join(dir, 'held');
  await writeFile(file, 'x');
  const op = await ctlRequest(sock, { cmd: 'open', path: file, flags: 'rw' });
  t.match(op, { ok: true, fd: Number });
  t.equal(target.handles.length, 1);
  const missing = await ctlRequest(sock, { cmd: 'open', path: join(dir, 'nope'), flags: 'r' });
  t.match(missing, { ok: false, error: /ENOENT/ });
  await ctlRequest(sock, { cmd: 'open', path: file, flags: 'r', create: true });
  t.same(target.creates, [false, false, true], 'create reaches the target only when asked');
});

t.test('bad lines get an error and the connection stays usable', async (t) => {
  const { sock } = await serveFakeTarget(t);
  const c = raw(sock);
  t.teardown(() => c.close());
  const cases: [string, RegExp][] = [
    ['not json', /^not a JSON line: /],
    ['[1,2]', /^a request must be a JSON object with a "cmd" field$/],
    ['"list"', /^a request must be a JSON object/],
    ['{}', /^missing "cmd" \(a string\)$/],
    ['{"cmd":5}', /^missing "cmd"/],
    [
      '{"cmd":"frobnicate"}',
      /^unknown cmd 'frobnicate' \(known: add, list, remove, clear, release, stop, resume, status, events, open\)$/,
    ],
    ['{"cmd":"add"}', /^add needs "spec" \(a string\)$/],
    ['{"cmd":"add","spec":7}', /^add needs "spec"/],
    ['{"cmd":"remove"}', /^remove needs "rule"/],
    ['{"cmd":"remove","rule":"1"}', /^remove needs "rule"/],
    ['{"cmd":"remove","rule":1.5}', /^remove needs "rule"/],
    ['{"cmd":"release","rule":-1}', /^"rule" must be a rule id/],
    ['{"cmd":"stop","reason":3}', /^"reason" must be a string$/],
    ['{"cmd":"open","flags":"r"}', /^open needs "path"/],
    ['{"cmd":"open","path":"/x","flags":"a"}', /^open needs "flags": "r", "w" or "rw"$/],
  ];
  for (const [line, error] of cases) {
    c.send(line + '\n');
    const reply = await c.next();
    t.equal(reply.ok, false, line);
    t.match(reply.error, error, line);
    t.notMatch(reply.error, /\n/);
  }
  // a newline inside a string is \n in the JSON text; decoded, the reason is still one line
  c.send(JSON.stringify({ cmd: 'frob\nnicate' }) + '\n');
  t.match(await c.next(), { ok: false, error: /^unknown cmd 'frob\\nnicate' / });
  c.send(JSON.stringify({ cmd: 'add', spec: 'flush:stall\nx' }) + '\n');
  t.match(
    await c.next(),
    { ok: false, error: /^bad fault spec 'flush:stall\\nx': \w/ },
    'the whole reason, not cut at the newline',
  );
  c.send('\n   \n{"cmd":"add","spec":"flush:stall"}\n');
  t.match(
    await c.next(),
    { ok: true, rule: { id: 1 } },
    'blank lines are skipped, the next request served',
  );
});

t.test('replies come in request order, even behind a slow command', async (t) => {
  const { sock, target } = await serveFakeTarget(t);
  let open!: () => void;
  target.stopGate = new Promise((r) => (open = r));
  const c = raw(sock);
  t.teardown(() => c.close());
  c.send('{"cmd":"stop"}\n{"cmd":"status"}\n');
  const first = c.next();
  // Let the server read both lines before stop may finish.
  await new Promise((r) => setTimeout(r, 50));
  open();
  t.same(await first, { ok: true });
  t.match(await c.next(), { ok: true, status: { stopped: true } }, 'status saw the finished stop');
});

t.test('an overlong line is refused and the connection closed', async (t) => {
  const { sock } = await serveFakeTarget(t);
  const c = raw(sock);
  c.send('x'.repeat((1 << 20) + 10));
  t.match(await c.next(), { ok: false, error: /longer than/ });
  await c.closed;
  t.match(await ctlRequest(sock, { cmd: 'list' }), { ok: true }, 'the server still serves');
});

t.test('events stream after the ok reply until the client leaves', async (t) => {
  const { sock, target } = await serveFakeTarget(t);
  const got: TraceEvent[] = [];
  const s = ctlEvents(sock, (ev) => got.push(ev));
  await s.ready;
  await until(() => target.subscribers === 1, 'the subscription');
  target.trace.emit({ ev: 'request', ts: 1, unique: '2', op: 'flush', nodeid: '1', pid: 5 });
  target.trace.emit({ ev: 'stop', ts: 2, reason: 'rule 1', unanswered: ['2'] });
  await until(() => got.length === 2, 'two events');
  t.same(got, [
    { ev: 'request', ts: 1, unique: '2', op: 'flush', nodeid: '1', pid: 5 },
    { ev: 'stop', ts: 2, reason: 'rule 1', unanswered: ['2'] },
  ]);
  s.close();
  await s.closed;
  await until(() => target.subscribers === 0, 'the server to unsubscribe');
  t.equal(target.trace.active, false, 'nobody listens any more');
});

t.test('the server closing ends an events stream', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const sock = join(d.path, 'ctl.sock');
  const target = new FakeTarget();
  const server = await startControlServer(sock, target);
  const s = ctlEvents(sock, () => undefined);
  await s.ready;
  await server.close();
  await s.closed;
  await target.close();
  t.pass('the stream ended');
});

// A server that dies by SIGKILL leaves its socket file behind.
function staleSocket(t: Test, sock: string): void {
  const r = spawnSync(process.execPath, [
    '-e',
    `require('net').createServer().listen(${JSON.stringify(sock)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  t.equal(r.signal, 'SIGKILL');
}

t.test('a stale socket is replaced in the private directory; a live one refused', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const priv = join(d.path, 'fusefault');
  await mkdir(priv, { mode: 0o700 });
  const sock = join(priv, 'ctl.sock');
  staleSocket(t, sock);
  t.ok((await stat(sock)).isSocket(), 'the stale socket is there');
  await t.rejects(ctlRequest(sock, { cmd: 'list' }), { message: `no fusefault server at ${sock}` });

  const target = new FakeTarget();
  const server = await startControlServer(sock, target, { privateDir: priv });
  t.teardown(async () => {
    await server.close();
    await target.close();
  });
  t.match(await ctlRequest(sock, { cmd: 'list' }), { ok: true, rules: [] });
  await t.rejects(startControlServer(sock, new FakeTarget(), { privateDir: priv }), {
    name: 'UsageError',
    message: `a fusefault server is already listening on ${sock}`,
  });
  t.match(await ctlRequest(sock, { cmd: 'list' }), { ok: true }, 'the live server is untouched');

  await chmod(priv, 0o755);
  const other = join(priv, 'other.sock');
  await t.rejects(startControlServer(other, new FakeTarget(), { privateDir: priv }), {
    name: 'UsageError',
    message: /has mode 0755, not 0700; refusing to use it$/,
  });
});

t.test('outside the private directory an existing file is refused, never removed', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const sock = join(d.path, 'ctl.sock');
  staleSocket(t, sock);
  await t.rejects(startControlServer(sock, new FakeTarget()), {
    name: 'UsageError',
    message: `${sock} already exists (a stale socket?); remove it or choose another path`,
  });
  t.ok((await stat(sock)).isSocket(), 'the stale socket is still there');
  // a privateDir that is not the socket's own directory changes nothing
  await t.rejects(startControlServer(sock, new FakeTarget(), { privateDir: join(d.path, 'x') }), {
    message: /already exists/,
  });

  const plain = join(d.path, 'plain');
  await writeFile(plain, 'keep me');
  await t.rejects(startControlServer(plain, new FakeTarget()), {
    name: 'UsageError',
    message: `${plain} exists and is not a socket`,
  });
  t.equal(await readFile(plain, 'utf8'), 'keep me');
  await t.rejects(startControlServer(join(d.path, 'no', 'dir.sock'), new FakeTarget()), {
    name: 'UsageError',
    message: /^cannot listen on .*dir\.sock: /,
  });
});

t.test('a last request ended by a half-close instead of a newline is answered', async (t) => {
  const { sock } = await serveFakeTarget(t);
  const c = createConnection(sock);
  let got = '';
  c.setEncoding('utf8');
  c.on('data', (d: string) => (got += d));
  const ended = new Promise<void>((resolve) => c.on('end', () => resolve()));
  c.on('connect', () => {
    c.write('{"cmd":"list"}\n');
    c.end('{"cmd":"status"}');
  });
  await ended;
  c.destroy();
  const lines = got.split('\n');
  t.equal(lines.pop(), '', 'every reply ends with a newline');
  t.equal(lines.length, 2, 'two replies, then the server ended its side');
  t.match(JSON.parse(lines[0]!), { ok: true, rules: [] });
  t.match(JSON.parse(lines[1]!), { ok: true, status: { conn: 77 } });
});

t.test('a socket path longer than sun_path is refused, not cut short', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const long = join(d.path, 'x'.repeat(120) + '.sock');
  await t.rejects(startControlServer(long, new FakeTarget()), {
    name: 'UsageError',
    message: /^control socket path is too long \(\d+ bytes, at most 107\): /,
  });
  await t.rejects(ctlRequest(long, { cmd: 'list' }), { name: 'UsageError', message: /too long/ });
  t.throws(() => ctlEvents(long, () => undefined), { name: 'UsageError' });
  const { readdir } = await import('node:fs/promises');
  t.same(await readdir(d.path), [], 'no truncated socket file was created');
});
