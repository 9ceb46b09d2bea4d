// The timeline's colours and its legend, drawn under the lanes so that a
// printed or screenshotted picture explains itself.
import { esc } from './esc.js';

/** Colour and meaning of each task state letter (fs/proc/array.c task_state_array). */
export const STATES: Record<string, { color: string; name: string }> = {
  R: { color: '#43a047', name: 'running' },
  S: { color: '#90caf9', name: 'sleeping' },
  D: { color: '#e53935', name: 'disk sleep (uninterruptible)' },
  T: { color: '#fb8c00', name: 'stopped' },
  t: { color: '#ffb74d', name: 'tracing stop' },
  Z: { color: '#8e24aa', name: 'zombie' },
  I: { color: '#cfd8dc', name: 'idle' },
  X: { color: '#212121', name: 'dead' },
};

/** A request held by a fault, interrupted, or never answered. */
export const HELD = '#c62828';
/** A request answered in the ordinary way. */
export const ANSWERED = '#78909c';

/** The legend, its top at Y: state colours, request bars, markers. */
export function legendSvg(y: number): string {
  const out = ['<g class="legend">'];
  let lx = 8;
  for (const [letter, { color, name }] of Object.entries(STATES)) {
    if (letter === 'X' || letter === 't') continue;
    out.push(
      `<rect x="${lx}" y="${y}" width="14" height="12" fill="${color}"/>`,
      `<text x="${lx + 18}" y="${y + 10}">${letter} ${esc(name)}</text>`,
    );
    lx += 40 + name.length * 6;
  }
  const items = [
    `<rect x="${lx}" y="${y}" width="24" height="11" fill="${HELD}"/><text x="${lx + 28}" y="${y + 10}">held / interrupted request</text>`,
    `<rect x="${lx + 190}" y="${y}" width="24" height="11" fill="${ANSWERED}"/><text x="${lx + 218}" y="${y + 10}">answered</text>`,
    `<path d="M${lx + 300} ${y - 1} L${lx + 306} ${y + 6} L${lx + 300} ${y + 13} L${lx + 294} ${y + 6} Z" fill="#ffeb3b" stroke="#000"/><text x="${lx + 312}" y="${y + 10}">INTERRUPT</text>`,
    `<line x1="${lx + 395}" y1="${y - 2}" x2="${lx + 395}" y2="${y + 14}" stroke="#1a237e" stroke-width="1.5" stroke-dasharray="5 3"/><text x="${lx + 401}" y="${y + 10}">signal sent</text>`,
    `<rect x="${8}" y="${y + 20}" width="24" height="5" fill="#37474f"/><text x="36" y="${y + 26}">syscall (client report)</text>`,
  ];
  out.push(...items, '</g>');
  return out.join('\n');
}
