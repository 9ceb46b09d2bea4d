// The timeline as one SVG, readable without JavaScript: a lane per task with
// its states as coloured bands (stack and pending signals in each band's
// <title>, which browsers show on hover) and its syscalls underneath, rows of
// FUSE requests (a bar from read to answer, open to the right when never
// answered, a diamond per INTERRUPT), and a dashed line per signal sent.
import { esc } from './esc.js';
import { ANSWERED, HELD, legendSvg, STATES } from './legend.js';
import { secs } from './story.js';
import type { Band, Lane, TimelineModel } from './timeline-model.js';
import type { TimelineRequest, TimelineSyscall } from '../timeline/types.js';

const LABEL_W = 340;
const ROW = 26;
const REQ_ROW = 18;
const TOP = 56;

/** Seconds between axis ticks: the first step at least 70 px apart. */
export function tickStep(pxPerS: number): number {
  const steps = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];
  return steps.find((s) => s * pxPerS >= 70) ?? 600;
}

/** Pixels per second: the run fills about 1200 px, within 20 and 800. */
export function pxPerSecond(end: number): number {
  return Math.min(800, Math.max(20, 1200 / Math.max(end, 0.01)));
}

const f1 = (n: number) => n.toFixed(1);

function bandTitle(lane: Lane, b: Band): string {
  const name = STATES[b.state]?.name ?? b.state;
  const pend = b.pending?.length ? `\npending: ${b.pending.join(' ')}` : '';
  const stack = b.stack?.length ? `\n${b.stack.join('\n')}` : '';
  return `${lane.label}: ${b.state} (${name}) ${secs(b.from)} - ${secs(b.to)}${pend}${stack}`;
}

function syscallTitle(s: TimelineSyscall): string {
  const res = s.errno ?? (s.result !== undefined ? String(s.result) : '');
  const end = s.end === undefined ? 'never returned' : `returned ${res} at ${secs(s.end)}`;
  return `${s.syscall}() [${s.step}] entered at ${secs(s.t)}, ${end}`;
}

function requestTitle(r: TimelineRequest): string {
  const what = `${r.op.toUpperCase()} ${r.path ?? ''} unique ${r.unique} pid ${r.pid} [${r.server}]`;
  const fault = r.fault ? `\nfault: ${r.fault}` : '';
  const end = r.end === undefined ? 'never answered' : `answered ${r.outcome} at ${secs(r.end)}`;
  const intr = r.interrupts.map((i) => `\nINTERRUPT at ${secs(i.t)}: ${i.policy}`).join('');
  return `${what}\nread at ${secs(r.t)}, ${end}${fault}${intr}`;
}

/** The SVG of model M, titled TITLE. */
export function timelineSvg(m: TimelineModel, title: string): string {
  const k = pxPerSecond(m.end);
  const x = (t: number) => LABEL_W + t * k;
  const width = Math.ceil(x(m.end) + 190);
  const reqTop = TOP + m.lanes.length * ROW + 24;
  const legendTop = reqTop + m.requestRows.length * REQ_ROW + 24;
  const height = legendTop + 40;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  );
  // time axis: ticks and faint grid lines
  const step = tickStep(k);
  for (let t = 0; t <= m.end + 1e-9; t += step) {
    out.push(
      `<line x1="${f1(x(t))}" y1="${TOP - 6}" x2="${f1(x(t))}" y2="${legendTop - 16}" stroke="#eceff1"/>`,
      `<text x="${f1(x(t))}" y="${TOP - 10}" text-anchor="middle" fill="#546e7a">${+t.toFixed(2)} s</text>`,
    );
  }
  m.lanes.forEach((lane, i) => out.push(laneSvg(lane, TOP + i * ROW, x)));
  out.push(`<text x="8" y="${reqTop - 8}" font-weight="bold">FUSE requests (server trace)</text>`);
  m.requestRows.forEach((row, i) => {
    const y = reqTop + i * REQ_ROW;
    // a server's first row carries its name (its faults say what it does)
    if (m.requestRows[i - 1]?.server !== row.server)
      out.push(`<text x="8" y="${y + 12}" fill="#37474f">${esc(row.server)}</text>`);
    for (const r of row.requests) out.push(requestSvg(r, y, x, x(m.end)));
  });
  m.signals.forEach((s, i) => {
    const sx = f1(x(s.t));
    out.push(
      `<g class="signal" data-signal="${esc(s.signal)}"><title>${esc(`${s.signal} sent to ${s.group ? 'group ' : 'pid '}${s.pid} at ${secs(s.t)}`)}</title>`,
      `<line x1="${sx}" y1="${TOP - 4}" x2="${sx}" y2="${legendTop - 16}" stroke="#1a237e" stroke-width="1.5" stroke-dasharray="5 3"/>`,
      `<text x="${sx}" y="${12 + (i % 3) * 11}" text-anchor="middle" fill="#1a237e" font-weight="bold">${esc(s.signal)} ${secs(s.t)}</text></g>`,
    );
  });
  out.push(legendSvg(legendTop), '</svg>');
  return out.join('\n');
}

function laneSvg(lane: Lane, y: number, x: (t: number) => number): string {
  const out = [`<g class="lane" data-pid="${lane.pid}" data-tid="${lane.tid}">`];
  // a long name is cut, its ids kept: 'fusefault serve flush:stall i… 812'
  const ids = lane.label.slice(lane.label.indexOf(` ${lane.pid}`));
  const name = lane.label.slice(0, lane.label.length - ids.length);
  const room = 52 - ids.length;
  const short = name.length > room ? `${name.slice(0, room - 1)}…${ids}` : lane.label;
  out.push(`<text x="8" y="${y + 13}"><title>${esc(lane.label)}</title>${esc(short)}</text>`);
  for (const b of lane.bands) {
    const w = Math.max(1, x(b.to) - x(b.from));
    out.push(
      `<rect class="band state-${esc(b.state)}" data-state="${esc(b.state)}" x="${f1(x(b.from))}" y="${y + 3}" width="${f1(w)}" height="12" fill="${STATES[b.state]?.color ?? '#000'}"><title>${esc(bandTitle(lane, b))}</title></rect>`,
    );
    if (b.state === 'D' && w > 24)
      out.push(`<text x="${f1(x(b.from) + 3)}" y="${y + 13}" fill="#fff" font-size="10">D</text>`);
  }
  for (const s of lane.syscalls) {
    const end = s.end ?? lane.bands.at(-1)?.to ?? s.t;
    const w = Math.max(2, x(end) - x(s.t));
    out.push(
      `<rect class="syscall" x="${f1(x(s.t))}" y="${y + 17}" width="${f1(w)}" height="5" fill="#37474f"><title>${esc(syscallTitle(s))}</title></rect>`,
    );
    if (w > 30)
      out.push(
        `<text x="${f1(x(s.t) + 2)}" y="${y + 26}" font-size="9" fill="#37474f">${esc(s.syscall)}()</text>`,
      );
  }
  for (const s of lane.signals) {
    const sx = x(s.t);
    out.push(
      `<path d="M${f1(sx - 5)} ${y} L${f1(sx + 5)} ${y} L${f1(sx)} ${y + 7} Z" fill="#1a237e"/>`,
    );
  }
  out.push('</g>');
  return out.join('\n');
}

function requestSvg(r: TimelineRequest, y: number, x: (t: number) => number, xEnd: number): string {
  const held = r.end === undefined || r.fault !== undefined || r.interrupts.length > 0;
  const color = held ? HELD : ANSWERED;
  const x0 = x(r.t);
  const x1 = r.end === undefined ? xEnd : x(r.end);
  const cls = `req op-${esc(r.op)}${r.end === undefined ? ' unanswered' : ''}`;
  const out = [
    `<g class="${cls}" data-op="${esc(r.op.toUpperCase())}" data-unique="${esc(r.unique)}"><title>${esc(requestTitle(r))}</title>`,
  ];
  out.push(
    `<rect x="${f1(x0)}" y="${y + 2}" width="${f1(Math.max(2, x1 - x0))}" height="11" fill="${color}"${r.end === undefined ? ' fill-opacity="0.55"' : ''}/>`,
  );
  if (r.end === undefined)
    out.push(
      `<path d="M${f1(xEnd)} ${y} L${f1(xEnd + 8)} ${y + 7.5} L${f1(xEnd)} ${y + 15} Z" fill="${color}"/>`,
    );
  if (held) {
    const note = r.end === undefined ? ' never answered' : ` ${r.outcome ?? ''}`;
    // an open bar carries its words, past its INTERRUPT markers; an answered
    // one has them after its end, where the answer came
    const inside = r.end === undefined;
    const marks = r.interrupts.map((i) => x(i.t) + 8);
    const tx = inside ? Math.max(x0 + 3, ...marks) : x1 + 3;
    const fill = inside ? '#fff' : color;
    out.push(
      `<text x="${f1(tx)}" y="${y + 11}" fill="${fill}" font-size="10" font-weight="bold">${esc(r.op.toUpperCase())}${esc(note)}</text>`,
    );
  }
  for (const i of r.interrupts) {
    const ix = x(i.t);
    out.push(
      `<path class="interrupt" d="M${f1(ix)} ${y} L${f1(ix + 6)} ${y + 7.5} L${f1(ix)} ${y + 15} L${f1(ix - 6)} ${y + 7.5} Z" fill="#ffeb3b" stroke="#000"><title>${esc(`INTERRUPT at ${secs(i.t)}: ${i.policy}`)}</title></path>`,
    );
  }
  out.push('</g>');
  return out.join('\n');
}
