// JSON-lines framing over a stream socket, shared by the control server and client.
import type { Socket } from 'node:net';
import { oneLine as oneLineText, UsageError } from '../errors.js';

/** Longest line accepted; a peer that sends more without a newline is cut off. */
export const MAX_LINE = 1 << 20;

/**
 * Calls FN for every line read from SOCKET, the last one too when the peer
 * ends without a newline; ONOVERFLOW when a line passes MAX_LINE; ONEND after
 * the last line once the peer ended its side.
 */
export function onLines(
  socket: Socket,
  fn: (line: string) => void,
  onOverflow: () => void,
  onEnd?: () => void,
): void {
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
  // `printf '{"cmd":"status"}' | nc -N`: a request ended by a half-close, not a newline.
  socket.on('end', () => {
    const last = pending;
    pending = '';
    if (last !== '') fn(last);
    onEnd?.();
  });
}

const JSON_RAW = /[\u007f-\u009f\u2028\u2029]/g;

/** VALUE as exactly one JSON line; bigint values become decimal strings. */
export function jsonLine(value: unknown): string {
  const json = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  );
  // stringify escapes C0 controls but leaves DEL, the C1 controls (NEL among
  // them) and U+2028/U+2029 raw inside strings; as \uXXXX they are the same
  // JSON, and no line reader splits on them.
  return (
    json.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n'
  );
}

/** An error's message on one line (line breaks escaped, nothing dropped), for a reply. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return oneLineText(text) || 'unknown error';
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
