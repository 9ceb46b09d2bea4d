// A self-contained HTML page of a run: per case its outcome, the story in
// sentences, the timeline SVG inline, and the details (every band with its
// stack, every FUSE request). Inline CSS, no script, nothing fetched.
import type { CaseResult, RunResult } from '../runner/types.js';
import { storyOf, requestLine, secs } from './story.js';
import { esc } from './esc.js';
import { timelineSvg } from './svg.js';
import { timelineModel, type TimelineModel } from './timeline-model.js';

const CSS = `body{font:14px/1.45 sans-serif;margin:1.5em;color:#263238}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:2em}
.outcome{font-weight:bold}.ok{color:#2e7d32}.bad{color:#c62828}
.scroll{overflow-x:auto;border:1px solid #cfd8dc;padding:4px}
ol.story li{margin:.1em 0}details{margin:.3em 0}pre{margin:.2em 0 .2em 1.5em;font-size:12px}
table{border-collapse:collapse}td,th{border:1px solid #cfd8dc;padding:2px 6px;text-align:left;font-size:13px}`;

/** A whole page with TITLE and BODY. */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${CSS}</style></head>
<body>
${body}
</body></html>
`;
}

/** 'bash 12', 'bash 13', 'mount 20' as 'bash ×2, mount 20': a name once keeps its pid. */
export function countByName(labels: string[]): string {
  const by = new Map<string, string[]>();
  for (const l of labels) {
    const name = l.replace(/ \d+$/, '');
    by.set(name, [...(by.get(name) ?? []), l]);
  }
  return [...by]
    .map(([name, all]) => (all.length > 1 ? `${name} ×${all.length}` : all[0]))
    .join(', ');
}

function details(m: TimelineModel): string {
  const lanes = m.lanes.map((l) => {
    const rows = l.bands.map((b) => {
      const pend = b.pending?.length ? ` pending ${b.pending.join(' ')}` : '';
      const stack = b.stack?.length ? `<pre>${esc(b.stack.join('\n'))}</pre>` : '';
      return `<li>${secs(b.from)} - ${secs(b.to)}: <b>${esc(b.state)}</b>${esc(pend)}${stack}</li>`;
    });
    return `<details><summary>${esc(l.label)}: ${l.bands.length} states</summary><ul>${rows.join('')}</ul></details>`;
  });
  const reqs = m.requestRows
    .flatMap((r) => r.requests)
    .sort((a, b) => a.t - b.t)
    .map(
      (r) =>
        `<tr><td>${esc(r.server)}</td><td>${esc(r.unique)}</td><td>${r.pid}</td><td>${esc(requestLine(r))}</td></tr>`,
    );
  const hidden = m.hidden.length
    ? `<p>Not drawn (short-lived, never blocked or signalled): ${esc(countByName(m.hidden))}</p>`
    : '';
  return `<details><summary>Tasks: states and kernel stacks</summary>${lanes.join('\n')}</details>
<details><summary>FUSE requests (${reqs.length})</summary><table><tr><th>server</th><th>unique</th><th>pid</th><th>request</th></tr>${reqs.join('\n')}</table></details>${hidden}`;
}

/** One case's section: heading, outcome, story, SVG and details (or why there is no timeline). */
export function caseSection(c: CaseResult): string {
  const head = `<h2 id="${esc(c.id)}">${esc(c.id)}</h2>
<p>Outcome: <span class="outcome ${c.ok ? 'ok' : 'bad'}">${esc(c.outcome)}</span> after ${secs(c.durationMs / 1000)}. ${esc(c.summary)}</p>`;
  if (!c.timeline) return `${head}\n<p>No timeline was recorded for this case.</p>`;
  const m = timelineModel(c.timeline);
  const story = storyOf(m).map((s) => `<li>${esc(s)}</li>`);
  const told = story.length
    ? `<ol class="story">${story.join('\n')}</ol>`
    : '<p>Nothing blocked, nothing held.</p>';
  return `${head}\n<div class="scroll">${timelineSvg(m, `${c.id}: ${c.outcome}`)}</div>\n<h3>What happened</h3>\n${told}\n${details(m)}`;
}

/** The page of RUN: every case in it (or only those in IDS). */
export function runPage(run: RunResult): string {
  const title = `fusefault run on ${run.kernel.release}`;
  const intro = `<h1>${esc(title)}</h1><p>Started ${esc(run.startedAt)}; kernel ${esc(run.kernel.version)}, preempt ${esc(run.kernel.preempt)}. Times are seconds since each case started; hover a band, a request or a signal for its details.</p>`;
  return page(title, [intro, ...run.cases.map(caseSection)].join('\n'));
}
