import t from 'tap';
import { createHash } from 'node:crypto';
import { encodeFrame, MARK, parseFrame } from '../../../harness/vm/framing.js';

// The oracle: a frame written by hand, as the guest's shell writes it.
function shellFrame(payload: string): string {
  const b = Buffer.from(payload);
  const sha = createHash('sha256').update(b).digest('hex');
  return `${MARK.begin} ${b.length} ${sha}\r\n${b.toString('base64')}\r\n${MARK.end}\r\n`;
}

const JSON_TEXT = JSON.stringify({
  kernel: { release: '6.1.0' },
  cases: [{ id: 'x', summary: 'é'.repeat(90) }],
});

t.test('a frame round-trips, around other output and tty CRs', async (t) => {
  const r = parseFrame(`noise\n${shellFrame(JSON_TEXT)}[ 7.1] reboot: Power down\n`);
  t.ok(r.ok);
  if (r.ok) t.equal(r.payload.toString(), JSON_TEXT);
  const e = parseFrame(encodeFrame(JSON_TEXT));
  t.ok(e.ok && e.payload.toString() === JSON_TEXT, 'encodeFrame agrees with the shell form');
  t.ok(
    encodeFrame(JSON_TEXT)
      .split('\n')
      .every((l) => l.length <= 76 || l.startsWith(MARK.begin)),
  );
});

t.test('the last frame wins', async (t) => {
  const r = parseFrame(shellFrame('{"a":1}') + shellFrame('{"a":2}'));
  t.ok(r.ok && r.payload.toString() === '{"a":2}');
});

t.test('cut short, garbled or missing frames are detected', async (t) => {
  const f = encodeFrame(JSON_TEXT);
  t.same(parseFrame('booting\n'), { ok: false, reason: 'no frame' });
  t.same(parseFrame(f.slice(0, f.indexOf(MARK.end))), { ok: false, reason: 'truncated' });
  const lines = f.split('\n');
  const dropped = [lines[0], ...lines.slice(2)].join('\n');
  t.same(parseFrame(dropped), { ok: false, reason: 'length mismatch' });
  const flipped = f.replace(/\n([A-Za-z0-9+/])/, (_m, c: string) => `\n${c === 'A' ? 'B' : 'A'}`);
  t.same(parseFrame(flipped), { ok: false, reason: 'checksum mismatch' });
});
