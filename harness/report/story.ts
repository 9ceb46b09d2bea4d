// The story of a timeline in sentences, in time order, as a person tells it:
// "FLUSH read at 0.41 s, never answered", "SIGINT to write-close 812 at 1.20 s",
// "INTERRUPT at 1.20 s, ignored", "write-close 812 in D from 0.41 s to 3.02 s".
import type { Lane, TimelineModel } from './timeline-model.js';
import type { TimelineRequest } from '../timeline/types.js';

/** Seconds as the picture prints them: '0.41 s'. */
export function secs(t: number): string {
  return `${t.toFixed(2)} s`;
}

// What the server did with an INTERRUPT (handle-interrupt.ts's policies).
const POLICY: Record<string, string> = {
  ignore: 'ignored',
  honour: 'honoured',
  eagain: 'answered EAGAIN',
};

/** One request in words. */
export function requestLine(r: TimelineRequest): string {
  const what = `${r.op.toUpperCase()}${r.path ? ` ${r.path}` : ''}`;
  const held = r.fault ? ` (fault: ${r.fault})` : '';
  const answer =
    r.end === undefined
      ? 'never answered'
      : `answered ${r.outcome ?? ''} at ${secs(r.end)}`.replace('  ', ' ');
  return `${what} read at ${secs(r.t)}${held}, ${answer}`;
}

// A request is part of the story when something happened to it beyond a quick answer.
function telling(r: TimelineRequest): boolean {
  return r.end === undefined || r.fault !== undefined || r.interrupts.length > 0;
}

// The label of the lane a pid's leader has, or the bare pid.
function who(lanes: Lane[], pid: number): string {
  return lanes.find((l) => l.tid === pid)?.label ?? `pid ${pid}`;
}

// How long a stretch in a state must last to be told: a zombie is one for a
// moment after every exit, until its parent waits.
const MIN_S: Record<string, number> = { D: 0.05, T: 0.05, t: 0.05, Z: 0.5 };

/** The story's sentences, in time order; stretches shorter than MIN_S (scaled by SCALE) are left out. */
export function storyOf(m: TimelineModel, scale = 1): string[] {
  // at one time, a signal comes first: it is what the INTERRUPT and the state answer
  const lines: { t: number; text: string; first?: boolean }[] = [];
  for (const r of m.requestRows.flatMap((r) => r.requests).filter(telling)) {
    lines.push({ t: r.t, text: requestLine(r) });
    for (const i of r.interrupts) {
      const how = POLICY[i.policy] ?? i.policy;
      const text = `INTERRUPT for ${r.op.toUpperCase()} at ${secs(i.t)}, ${how}${i.known ? '' : ' (not in flight)'}`;
      lines.push({ t: i.t, text });
    }
  }
  for (const s of m.signals) {
    const to = `${s.group ? 'the group of ' : ''}${who(m.lanes, s.pid)}`;
    lines.push({ t: s.t, text: `${s.signal} to ${to} at ${secs(s.t)}`, first: true });
  }
  for (const lane of m.lanes) {
    // consecutive samples in one state (the stack or pending signals changed) are one stretch
    let open: { from: number; to: number; state: string; at?: string } | undefined;
    const flush = () => {
      if (open && open.to - open.from >= (MIN_S[open.state] ?? 0) * scale) {
        const at = open.at ? ` (${open.at})` : '';
        const text = `${lane.label} in ${open.state} from ${secs(open.from)} to ${secs(open.to)}${at}`;
        lines.push({ t: open.from, text });
      }
      open = undefined;
    };
    for (const b of lane.bands) {
      if (open && (open.state !== b.state || open.to !== b.from)) flush();
      if (MIN_S[b.state] === undefined) continue;
      open ??= { from: b.from, to: b.to, state: b.state, at: b.stack?.[0] };
      open.to = b.to;
    }
    flush();
  }
  return lines
    .sort((a, b) => a.t - b.t || Number(!!b.first) - Number(!!a.first))
    .map((l) => l.text);
}
