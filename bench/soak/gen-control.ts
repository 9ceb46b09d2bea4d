// Control socket inputs: one script per connection, lines valid and malformed
// (src/control/protocol.ts), how the client ends it, and how many reply lines
// the server owes: one per non-blank line (src/control/server.ts skips blank
// ones), a last unfinished line included when the client half-closes, up to a
// line longer than MAX_LINE, which gets one error reply and the end.
import { MAX_LINE } from '../../src/control/lines.js';
import { parseFaultSpec } from '../../src/faults/spec.js';
import { genPath, genSpec } from './gen-spec.js';
import { itemRng, type Rng } from './random.js';

/** Where rules that could hold requests are confined: no path the soak opens is below it. */
export const NOMATCH = '/soak-nomatch/**';

/** One connection's worth of input. */
export interface ControlScript {
  lines: string[];
  /** sent after the last newline: an unfinished line, owed a reply only when a
   * half-close ends it */
  partial: string;
  /** close: read the replies, then close; half-close: shut our side after writing, read
   * until the server closes; abrupt: close right after writing, read nothing */
  end: 'close' | 'half-close' | 'abrupt';
  /** stops the server reading /dev/fuse for a moment: run with no other connection */
  alone: boolean;
}

/** A valid spec that could stall or delay requests gets its glob replaced by NOMATCH, so
 * the fuzz never holds the opens it sends; anything else is returned as it is. */
export function defang(spec: string): string {
  let parsed;
  try {
    parsed = parseFaultSpec(spec);
  } catch {
    return spec;
  }
  const k = parsed.action.kind;
  if (k !== 'stall' && k !== 'stop' && k !== 'delay') return spec;
  return `${parsed.ops.join('+')}@${NOMATCH}:${spec.trim().slice(spec.trim().lastIndexOf(':') + 1)}`;
}

const JUNK_LINES = [
  '{',
  '}',
  '[]',
  'null',
  '42',
  '"status"',
  'true',
  '{"cmd":}',
  "{'cmd':'list'}",
  '{"cmd":"list"',
  '{"cmd":null}',
  '{"CMD":"list"}',
  '\u0000\u0001\u0002',
  '\u00e9\u{1f4a5}\ufeff',
  '{"cmd":"list"}{"cmd":"list"}',
  '\r',
  ' ',
  '',
];

function request(rng: Rng): unknown {
  switch (rng.int(0, 14)) {
    case 0:
      return { cmd: 'add', spec: defang(genSpec(rng)) };
    case 1:
      return { cmd: 'add', spec: rng.pick([1, null, ['a'], { x: 1 }]) };
    case 2:
      return { cmd: 'remove', rule: rng.pick([rng.int(1, 200), 0, -1, 1.5, '3', 2 ** 60, null]) };
    case 3:
      return rng.chance(0.5) ? { cmd: 'release' } : { cmd: 'release', rule: rng.int(0, 200) };
    case 4:
      return { cmd: 'clear' };
    case 5:
      return { cmd: 'list' };
    case 6:
      return { cmd: 'status' };
    case 7:
      return { cmd: 'resume' };
    case 8:
      return { cmd: 'events' };
    case 9:
      // a held file stays open until serve exits: rarely
      return rng.chance(0.15)
        ? { cmd: 'open', path: genPath(rng).slice(0, 60), flags: rng.pick(['r', 'w', 'rw']) }
        : {
            cmd: 'open',
            path: rng.pick(['', '/', '..', '/../x', 5]),
            flags: rng.pick(['x', 'rw']),
          };
    case 10:
      return { cmd: 'stop', reason: rng.pick([5, [], {}]) };
    case 11:
      return { cmd: rng.chars('abcdefghijklmnopqrstuvwxyz', rng.int(0, 10)) };
    case 12:
      return { cmd: 'list', extra: rng.chars('xyz', 5), nested: { deep: [1, 2, { a: null }] } };
    case 13:
      return rng.pick([[], 'list', 7, null, { cmd: ['list'] }]);
    default:
      return { cmd: 'status', pad: 'x'.repeat(rng.int(0, 4096)) };
  }
}

function line(rng: Rng): string {
  const r = rng.float();
  if (r < 0.55) return JSON.stringify(request(rng));
  if (r < 0.8) return rng.pick(JUNK_LINES);
  if (r < 0.9) return JSON.stringify(request(rng)).slice(0, rng.int(0, 20));
  if (r < 0.99) return '['.repeat(rng.int(100, 20_000)) + ']'.repeat(rng.int(0, 3));
  // a long line the server must still answer (under MAX_LINE)
  return JSON.stringify({
    cmd: 'add',
    spec: `getattr@/${'a'.repeat(rng.int(1000, MAX_LINE / 2))}:errno=EIO`,
  });
}

/** Script number I of SEED's stream. */
export function controlScript(seed: number, i: number): ControlScript {
  const rng = itemRng(seed, 'control', i);
  const end = rng.pick(['close', 'close', 'half-close', 'abrupt'] as const);
  if (rng.chance(0.02)) {
    // stop then resume on one connection (the only valid stop the fuzz sends)
    const stop = rng.chance(0.5) ? { cmd: 'stop' } : { cmd: 'stop', reason: 'soak' };
    const lines = [
      '{"cmd":"status"}',
      JSON.stringify(stop),
      '{"cmd":"status"}',
      '{"cmd":"resume"}',
    ];
    return { lines, partial: '', end: 'close', alone: true };
  }
  const lines = Array.from({ length: rng.int(1, 8) }, () => line(rng));
  if (rng.chance(0.01)) {
    // longer than MAX_LINE: one error reply, then the server ends the connection
    lines.splice(rng.int(0, lines.length), 0, 'x'.repeat(MAX_LINE + rng.int(128 << 10, 512 << 10)));
  }
  const partial = rng.chance(0.1) ? rng.pick(['{"cmd":"list"}', '{', 'x'.repeat(100)]) : '';
  return { lines, partial, end, alone: false };
}

/** Reply lines the server owes for SCRIPT (events lines aside), and whether it then ends. */
export function expectedReplies(script: ControlScript): { replies: number; overflow: boolean } {
  let replies = 0;
  for (const l of script.lines) {
    if (l.length > MAX_LINE) return { replies: replies + 1, overflow: true };
    if (l.trim() !== '') replies++;
  }
  // a half-close ends the unfinished line: the server answers it too
  if (script.end === 'half-close' && script.partial.trim() !== '') replies++;
  return { replies, overflow: false };
}
