// Talking to a running serve's control socket: one request and its reply, or
// a stream of trace events.
import { createConnection, type Socket } from 'node:net';
import { UsageError } from '../errors.js';
import type { TraceEvent } from '../trace/types.js';
import { checkSocketPath, jsonLine, oneLine, onLines } from './lines.js';
import type { CtlReply, CtlRequest } from './protocol.js';

// Errors that mean nobody serves this path (no file, stale socket, not a socket).
const NO_SERVER = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ENOTDIR']);

function connect(socketPath: string): Socket {
  checkSocketPath(socketPath);
  return createConnection(socketPath);
}

function connectError(socketPath: string, err: NodeJS.ErrnoException): Error {
  if (err.code !== undefined && NO_SERVER.has(err.code))
    return new UsageError(`no fusefault server at ${socketPath}`);
  return new Error(`control socket ${socketPath}: ${oneLine(err)}`, { cause: err });
}

function hungUp(socketPath: string): Error {
  return new Error(`${socketPath} closed the connection without a reply`);
}

/** Sends REQUEST and resolves with the reply ({ok:false} included); rejects on no server or timeout. */
export function ctlRequest(
  socketPath: string,
  request: CtlRequest,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): Promise<CtlReply> {
  return new Promise((resolve, reject) => {
    const sock = connect(socketPath);
    let connected = false;
    let settled = false;
    const finish = (err: Error | undefined, reply?: CtlReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(
      () => finish(new Error(`no reply from ${socketPath} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    sock.on('connect', () => {
      connected = true;
      sock.write(jsonLine(request));
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected) return finish(connectError(socketPath, err));
      // A server that hung up before reading our line shows as EPIPE or ECONNRESET.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') return finish(hungUp(socketPath));
      finish(new Error(`control socket ${socketPath}: ${oneLine(err)}`));
    });
    sock.on('close', () => finish(hungUp(socketPath)));
    onLines(
      sock,
      (line) => {
        try {
          finish(undefined, JSON.parse(line) as CtlReply);
        } catch {
          finish(new Error(`${socketPath} replied with something that is not JSON`));
        }
      },
      () => finish(new Error(`${socketPath} sent an overlong reply`)),
    );
  });
}

/** A live `events` stream. */
export interface CtlEventStream {
  /** resolves once the server accepted the subscription; rejects if it did not */
  ready: Promise<void>;
  /** resolves when the stream ended (closed by either side) */
  closed: Promise<void>;
  close(): void;
}

/** Subscribes to the server's trace events, calling ONEVENT for each until close(). */
export function ctlEvents(socketPath: string, onEvent: (ev: TraceEvent) => void): CtlEventStream {
  const sock = connect(socketPath);
  let accepted = false;
  let connected = false;
  let readyResolve!: () => void;
  let readyReject!: (err: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  ready.catch(() => undefined);
  const closed = new Promise<void>((resolve) => sock.on('close', () => resolve()));
  sock.on('connect', () => {
    connected = true;
    sock.write(jsonLine({ cmd: 'events' } satisfies CtlRequest));
  });
  sock.on('error', (err: NodeJS.ErrnoException) =>
    readyReject(connected ? new Error(oneLine(err)) : connectError(socketPath, err)),
  );
  sock.on('close', () => readyReject(new Error(`${socketPath} closed the event stream`)));
  onLines(
    sock,
    (line) => {
      let msg: { ok?: boolean; error?: string; event?: TraceEvent };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if (!accepted) {
        accepted = msg.ok === true;
        if (accepted) readyResolve();
        else {
          readyReject(new Error(msg.error ?? 'events refused'));
          sock.destroy();
        }
      } else if (msg.event !== undefined) onEvent(msg.event);
    },
    () => sock.destroy(),
  );
  return { ready, closed, close: () => sock.destroy() };
}
