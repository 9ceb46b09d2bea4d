// The control socket: a unix socket (mode 0600: whoever can write it controls
// the mount) taking JSON-lines requests, one reply line each, in order.
import { lstat, unlink } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { checkSocketPath, jsonLine, MAX_LINE, oneLine, onLines } from './lines.js';
import { checkRequest, type CtlReply, type CtlRequest } from './protocol.js';
import { ensurePrivateDir } from './socket-dir.js';
import type { ControlTarget } from './types.js';

// An events subscriber that stops reading is cut off once this much is queued,
// rather than holding the whole trace in memory.
const MAX_QUEUED = 16 << 20;

/**
 * Listens on SOCKETPATH and serves TARGET until close(). A stale socket file
 * is replaced only when SOCKETPATH lies directly in PRIVATEDIR (see
 * ensurePrivateDir); anywhere else an existing file is refused, never unlinked.
 */
export async function startControlServer(
  socketPath: string,
  target: ControlTarget,
  { privateDir }: { privateDir?: string } = {},
): Promise<{ close(): Promise<void> }> {
  checkSocketPath(socketPath);
  const inPrivateDir = privateDir !== undefined && dirname(socketPath) === privateDir;
  if (inPrivateDir) await ensurePrivateDir(privateDir);
  await checkFree(socketPath, inPrivateDir);
  const conns = new Set<Socket>();
  // allowHalfOpen: a client that half-closes after its last request still gets the replies
  const server = createServer({ allowHalfOpen: true }, (conn) => {
    conns.add(conn);
    conn.on('close', () => conns.delete(conn));
    serveConnection(conn, target);
  });
  await listen(server, socketPath);
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
    const onListening = () => {
      server.off('error', fail);
      // Later accept errors (EMFILE) must not end serving the mount.
      server.on('error', (err) =>
        process.stderr.write(`fusefault: control socket: ${oneLine(err)}\n`),
      );
      resolve();
    };
    // unix_bind creates the socket inode with mode 0777 & ~umask: under 0177 it
    // is 0600 from the start, with no window before a chmod (which would also
    // follow whatever symlink was swapped in). libuv binds synchronously inside
    // listen(), so the process-wide umask is back before any other code runs.
    const umask = process.umask(0o177);
    try {
      server.listen(socketPath, onListening);
    } finally {
      process.umask(umask);
    }
  });
}

// A socket path must be free. One a live server answers on is refused; a
// socket left by a server that died is removed, but only in our private
// directory: elsewhere the file may be anyone's, and is refused with one line.
async function checkFree(socketPath: string, replaceStale: boolean): Promise<void> {
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
  if (!replaceStale)
    throw new UsageError(
      `${socketPath} already exists (a stale socket?); remove it or choose another path`,
    );
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
  // The client's FIN means no more requests: we answer what came before it,
  // then end our side too. A FIN cannot be told from a full close, so an
  // events stream ends there as well (its subscriber must keep writing open).
  const endAfterReplies = () => {
    queue = queue.then(() => {
      conn.end();
    });
  };
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
    endAfterReplies,
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
  // the reason may quote the request ("unknown cmd 'a\nb'"): one line once decoded too
  if ('error' in req) return { reply: { ok: false, error: oneLine(req.error) } };
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
      return {
        ok: true,
        fd: await target.holdOpen(req.path, req.flags, { create: req.create === true }),
      };
  }
}
