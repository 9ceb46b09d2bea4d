// The control socket: a unix socket (mode 0600: whoever can write it controls
// the mount) taking JSON-lines requests, one reply line each, in order.
import { chmod, lstat, unlink } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { UsageError } from '../errors.js';
import { checkSocketPath, jsonLine, MAX_LINE, oneLine, onLines } from './lines.js';
import { checkRequest, type CtlReply, type CtlRequest } from './protocol.js';
import type { ControlTarget } from './types.js';

// An events subscriber that stops reading is cut off once this much is queued,
// rather than holding the whole trace in memory.
const MAX_QUEUED = 16 << 20;

/** Listens on SOCKETPATH and serves TARGET until close(). */
export async function startControlServer(
  socketPath: string,
  target: ControlTarget,
): Promise<{ close(): Promise<void> }> {
  checkSocketPath(socketPath);
  await removeStale(socketPath);
  const conns = new Set<Socket>();
  const server = createServer((conn) => {
    conns.add(conn);
    conn.on('close', () => conns.delete(conn));
    serveConnection(conn, target);
  });
  await listen(server, socketPath);
  // chmod right after listen: the socket is created with the umask's mode
  // (0755 under the usual 022, already closed to others: connect needs write).
  await chmod(socketPath, 0o600);
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const c of conns) c.destroy();
        await done;
        await unlink(socketPath).catch(() => undefined);
      })();
      return closing;
    },
  };
}

function listen(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) =>
      reject(new UsageError(`cannot listen on ${socketPath}: ${oneLine(err)}`));
    server.once('error', fail);
    server.listen(socketPath, () => {
      server.off('error', fail);
      // Later accept errors (EMFILE) must not end serving the mount.
      server.on('error', (err) =>
        process.stderr.write(`fusefault: control socket: ${oneLine(err)}\n`),
      );
      resolve();
    });
  });
}

// A socket file left by a server that died is removed; one a live server
// answers on is refused, and so is any path that is not a socket.
async function removeStale(socketPath: string): Promise<void> {
  const st = await lstat(socketPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new UsageError(`cannot use ${socketPath}: ${oneLine(err)}`);
  });
  if (st === undefined) return;
  if (!st.isSocket()) throw new UsageError(`${socketPath} exists and is not a socket`);
  const live = await new Promise<boolean>((resolve) => {
    const c = createConnection(socketPath);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
  if (live) throw new UsageError(`a fusefault server is already listening on ${socketPath}`);
  await unlink(socketPath);
}

function serveConnection(conn: Socket, target: ControlTarget): void {
  let queue = Promise.resolve();
  const unsubscribes: (() => void)[] = [];
  const send = (value: unknown) => {
    if (conn.destroyed || !conn.writable) return;
    if (conn.writableLength > MAX_QUEUED) conn.destroy();
    else conn.write(jsonLine(value));
  };
  conn.on('error', () => undefined);
  conn.on('close', () => unsubscribes.forEach((u) => u()));
  onLines(
    conn,
    (line) => {
      if (line.trim() === '') return;
      // Replies go out in request order even when a command (stop, open) takes time.
      queue = queue.then(async () => {
        const { reply, cmd } = await answer(line, target);
        send(reply);
        // Subscribed after the ok line, so every event line follows the reply.
        if (reply.ok && cmd === 'events')
          unsubscribes.push(target.subscribe((event) => send({ event })));
      });
    },
    () => {
      send({ ok: false, error: `request line longer than ${MAX_LINE} bytes` });
      conn.end();
    },
  );
}

async function answer(
  line: string,
  target: ControlTarget,
): Promise<{ reply: CtlReply; cmd?: CtlRequest['cmd'] }> {
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch (err) {
    return { reply: { ok: false, error: `not a JSON line: ${oneLine(err)}` } };
  }
  const req = checkRequest(msg);
  if ('error' in req) return { reply: { ok: false, error: req.error } };
  try {
    return { reply: await run(req, target), cmd: req.cmd };
  } catch (err) {
    return { reply: { ok: false, error: oneLine(err) }, cmd: req.cmd };
  }
}

async function run(req: CtlRequest, target: ControlTarget): Promise<CtlReply> {
  const { faults } = target;
  switch (req.cmd) {
    case 'add':
      return { ok: true, rule: faults.add(req.spec) };
    case 'list':
      return { ok: true, rules: faults.list() };
    case 'remove':
      return faults.remove(req.rule) ? { ok: true } : { ok: false, error: `no rule ${req.rule}` };
    case 'clear':
      return { ok: true, removed: faults.clear() };
    case 'release':
      return faults.release(req.rule) ? { ok: true } : { ok: false, error: `no rule ${req.rule}` };
    case 'stop':
      await target.stop(req.reason ?? 'control socket');
      return { ok: true };
    case 'resume':
      target.resume();
      return { ok: true };
    case 'status':
      return { ok: true, status: target.status() };
    case 'events':
      return { ok: true };
    case 'open':
      return { ok: true, fd: await target.holdOpen(req.path, req.flags) };
  }
}
