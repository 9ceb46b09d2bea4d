// The guest's result travels as framed lines: a BEGIN line with the byte
// length and sha256 of the payload, the payload in base64, an END line. A
// frame cut short (the guest died mid-write) or garbled by interleaved output
// is detected, never half-parsed. Console markers (@@FUSEFAULT-INIT, ...) tell
// the host how far the guest got.
import { createHash } from 'node:crypto';

export const MARK = {
  init: '@@FUSEFAULT-INIT',
  runExit: '@@FUSEFAULT-RUN-EXIT',
  begin: '@@FUSEFAULT-RESULT-BEGIN',
  end: '@@FUSEFAULT-RESULT-END',
} as const;

// Frames a payload (the guest does the same in shell; this is the reference).
export function encodeFrame(payload: Buffer | string): string {
  const buf = Buffer.from(payload);
  const sha = createHash('sha256').update(buf).digest('hex');
  const b64 = buf.toString('base64').replace(/.{1,76}/g, '$&\n');
  return `${MARK.begin} ${buf.length} ${sha}\n${b64}${MARK.end}\n`;
}

export type FrameResult =
  | { ok: true; payload: Buffer }
  | { ok: false; reason: 'no frame' | 'truncated' | 'length mismatch' | 'checksum mismatch' };

// Finds the last frame in a text stream (CRs from the tty's onlcr are ignored).
export function parseFrame(text: string): FrameResult {
  const lines = text.replace(/\r/g, '').split('\n');
  let begin = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.startsWith(`${MARK.begin} `)) {
      begin = i;
      break;
    }
  }
  if (begin < 0) return { ok: false, reason: 'no frame' };
  const [, lenText = '', sha = ''] = lines[begin]!.split(' ');
  const end = lines.indexOf(MARK.end, begin + 1);
  if (end < 0) return { ok: false, reason: 'truncated' };
  const payload = Buffer.from(lines.slice(begin + 1, end).join(''), 'base64');
  if (payload.length !== Number(lenText)) return { ok: false, reason: 'length mismatch' };
  const got = createHash('sha256').update(payload).digest('hex');
  if (got !== sha) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, payload };
}
