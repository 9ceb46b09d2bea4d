// The matrix as one page: kernels down, cases across, each cell the outcome
// word, linking to that cell's timeline page when the guest recorded one.
import type { MatrixResult } from '../vm/matrix.js';
import type { MatrixRecord } from '../vm/records.js';
import { slug } from '../vm/matrix.js';
import { caseSection, page } from './html.js';
import { esc } from './esc.js';

/** The file name of a cell's timeline page, next to the matrix page named BASE ('matrix'). */
export function cellFile(base: string, r: Pick<MatrixRecord, 'kernel' | 'case'>): string {
  return `${base}-${slug(r.kernel)}-${slug(r.case)}.html`;
}

/** The matrix page; cells with a timeline link to cellFile(BASE, record). */
export function matrixPage(m: MatrixResult, base: string): string {
  const kernels = [...new Set(m.records.map((r) => r.kernel))];
  const cases = [...new Set(m.records.map((r) => r.case))];
  const cell = (k: string, c: string) => {
    const r = m.records.find((x) => x.kernel === k && x.case === c);
    if (!r) return '<td></td>';
    const word = esc(r.outcome);
    const text = r.timeline ? `<a href="${esc(cellFile(base, r))}">${word}</a>` : word;
    return `<td class="${r.ok ? 'ok' : 'bad'}" title="${esc(r.evidence)}">${text}</td>`;
  };
  const head = `<tr><th>kernel</th>${cases.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const rows = kernels.map((k) => {
    const release = m.records.find((r) => r.kernel === k)?.release;
    const name = `${esc(k)}${release ? `<br><small>${esc(release)}</small>` : ''}`;
    return `<tr><th>${name}</th>${cases.map((c) => cell(k, c)).join('')}</tr>`;
  });
  const body = `<h1>fusefault matrix</h1>
<p>Started ${esc(m.startedAt)}${m.accel ? `, guests under ${esc(m.accel)}` : ''}. An outcome links to its timeline when one was recorded; hover for the summary.</p>
<table>${head}\n${rows.join('\n')}</table>`;
  return page('fusefault matrix', body);
}

/** The timeline page of one matrix cell. */
export function cellPage(r: MatrixRecord): string {
  const title = `${r.case} on ${r.kernel}`;
  const section = caseSection({
    id: r.case,
    outcome: r.outcome,
    summary: r.evidence,
    ok: r.ok,
    durationMs: r.durationMs ?? 0,
    evidence: {},
    recovery: { clean: true, actions: [], leftovers: [] },
    ...(r.timeline ? { timeline: r.timeline } : {}),
  });
  return page(title, `<h1>${esc(title)}</h1><p>${esc(r.release ?? '')}</p>\n${section}`);
}
