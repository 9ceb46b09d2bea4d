import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { dir } from 'tmp-promise';
import { ctlEvents, ctlRequest } from '../../src/control/client.js';
import { serveFakeTarget } from './fake-target.js';

t.test('a request and its reply; ok:false replies resolve too', async (t) => {
  const { sock } = await serveFakeTarget(t);
  t.same(await ctlRequest(sock, { cmd: 'list' }), { ok: true, rules: [] });
  t.same(await ctlRequest(sock, { cmd: 'remove', rule: 4 }), { ok: false, error: 'no rule 4' });
});

t.test('ctlEvents and ctlRequest with no server', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const sock = join(d.path, 'none.sock');
  const s = ctlEvents(sock, () => undefined);
  await t.rejects(s.ready, { name: 'UsageError', message: `no fusefault server at ${sock}` });
  await s.closed;
  await t.rejects(ctlRequest(sock, { cmd: 'status' }), { name: 'UsageError' });
});

t.test('ctlRequest gives up when no reply comes', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const sock = join(d.path, 'mute.sock');
  const conns: Socket[] = [];
  const mute = createServer((c) => conns.push(c));
  await new Promise<void>((r) => mute.listen(sock, () => r()));
  t.teardown(() => {
    conns.forEach((c) => c.destroy());
    return new Promise<void>((r) => mute.close(() => r()));
  });
  await t.rejects(ctlRequest(sock, { cmd: 'list' }, { timeoutMs: 200 }), {
    message: `no reply from ${sock} within 200 ms`,
  });
});

t.test('a server that hangs up or answers garbage is an error, not a reply', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const rude = join(d.path, 'rude.sock');
  const garbled = join(d.path, 'garbled.sock');
  const a = createServer((c) => c.destroy());
  // resume(): a socket nobody reads never sees the client's FIN, and close() would wait for it.
  const b = createServer((c) =>
    c
      .on('error', () => undefined)
      .resume()
      .end('not json\n'),
  );
  await new Promise<void>((r) => a.listen(rude, () => r()));
  await new Promise<void>((r) => b.listen(garbled, () => r()));
  t.teardown(async () => {
    await new Promise((r) => a.close(r));
    await new Promise((r) => b.close(r));
  });
  await t.rejects(ctlRequest(rude, { cmd: 'list' }), {
    message: `${rude} closed the connection without a reply`,
  });
  await t.rejects(ctlRequest(garbled, { cmd: 'list' }), {
    message: `${garbled} replied with something that is not JSON`,
  });
});
