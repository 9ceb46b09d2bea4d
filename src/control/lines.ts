// JSON-lines framing over a stream socket, shared by the control server and client.
import type { Socket } from 'node:net';
import { UsageError } from '../errors.js';

/** Longest line accepted; a peer that sends more without a newline is cut off. */
export const MAX_LINE = 1 << 20;

/** Calls FN for every complete line read from SOCKET; ONOVERFLOW when a line passes MAX_LINE. */
export function onLines(socket: Socket, fn: (line: string) => void, onOverflow: () => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      fn(line);
      if (socket.destroyed) return;
    }
    if (pending.length > MAX_LINE) {
      pending = '';
      onOverflow();
    }
  });
}

/** VALUE as one JSON line; bigint values become decimal strings. */
export function jsonLine(value: unknown): string {
  return (
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) + '\n'
  );
}

/** The first line of an error's message, for a one-line reply. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n', 1)[0] || 'unknown error';
}

// sockaddr_un.sun_path holds 108 bytes with the NUL; libuv silently cuts a
// longer path, which would bind (or reach) some other file.
const SUN_PATH_MAX = 107;

/** Throws UsageError when SOCKETPATH cannot be a unix socket address. */
export function checkSocketPath(socketPath: string): void {
  const n = Buffer.byteLength(socketPath);
  if (n > SUN_PATH_MAX)
    throw new UsageError(
      `control socket path is too long (${n} bytes, at most ${SUN_PATH_MAX}): ${socketPath}`,
    );
}
