// One fuzz connection to a control socket: write the script, end it the way it
// says, and count what came back: reply lines (each a JSON object with a boolean
// "ok", an error of one line when not ok), event lines, anything else.
import { createConnection } from 'node:net';
import { expectedReplies, type ControlScript } from './gen-control.js';

/** What one connection saw. */
export interface ConnResult {
  replies: number;
  events: number;
  /** reply lines that are not a well-formed reply */
  malformed: number;
  serverClosed: boolean;
  timedOut: boolean;
}

/** Whether LINE is a reply as src/control/protocol.ts defines it ('event' lines aside). */
export function replyShape(line: string): 'reply' | 'event' | 'malformed' {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'malformed';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'malformed';
  const o = v as Record<string, unknown>;
  if ('event' in o && !('ok' in o)) return 'event';
  if (o.ok === true) return 'reply';
  return o.ok === false && typeof o.error === 'string' && !o.error.includes('\n')
    ? 'reply'
    : 'malformed';
}

/** Runs SCRIPT on a new connection to SOCKET; gives up after TIMEOUTMS. */
export function runScript(
  socket: string,
  script: ControlScript,
  timeoutMs: number,
): Promise<ConnResult> {
  const { replies: owed, overflow } = expectedReplies(script);
  return new Promise((resolve) => {
    const r: ConnResult = {
      replies: 0,
      events: 0,
      malformed: 0,
      serverClosed: false,
      timedOut: false,
    };
    const sock = createConnection({ path: socket, allowHalfOpen: true });
    let buf = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => {
      r.timedOut = true;
      finish();
    }, timeoutMs);
    // a half-closed or overflowing connection is over when the server closes it
    const waitsForClose = script.end === 'half-close' || overflow;
    const check = () => {
      if (script.end === 'close' && !overflow && r.replies + r.malformed >= owed) finish();
    };
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const kind = replyShape(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (kind === 'event') r.events++;
        else if (kind === 'reply') r.replies++;
        else r.malformed++;
      }
      check();
    });
    sock.on('error', () => undefined);
    sock.on('end', () => {
      r.serverClosed = true;
      finish();
    });
    sock.on('close', () => {
      r.serverClosed ||= !done;
      finish();
    });
    sock.on('connect', () => {
      const text = script.lines.map((l) => `${l}\n`).join('') + script.partial;
      sock.write(text);
      if (script.end === 'abrupt') return void sock.destroy();
      if (script.end === 'half-close') sock.end();
      if (!waitsForClose) check();
    });
  });
}
