// Writes the report files: the HTML page and/or one case's SVG of a run, or a
// matrix page with one timeline page per cell beside it.
import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { quote, UsageError } from '../../src/errors.js';
import type { RunResult } from '../runner/types.js';
import { runPage } from './html.js';
import type { ReportInput } from './load.js';
import { cellFile, cellPage, matrixPage } from './matrix-page.js';
import { timelineSvg } from './svg.js';
import { timelineModel } from './timeline-model.js';

/** What to write. */
export interface ReportOutputs {
  html?: string;
  svg?: string;
  /** the case whose timeline --svg draws (needed when several have one) */
  caseId?: string;
}

/** The case of RUN that --svg draws: CASE_ID, or the only one with a timeline. */
export function svgCase(run: RunResult, caseId?: string) {
  const drawn = run.cases.filter((c) => c.timeline);
  if (caseId !== undefined) {
    const c = run.cases.find((x) => x.id === caseId);
    if (!c)
      throw new UsageError(
        `--case ${quote(caseId)} is not in the results (${run.cases.map((x) => x.id).join(' ')})`,
      );
    if (!c.timeline) throw new UsageError(`--case ${quote(caseId)} has no timeline in the results`);
    return c;
  }
  if (drawn.length === 1) return drawn[0]!;
  if (drawn.length === 0) throw new UsageError('no case in the results has a timeline');
  throw new UsageError(
    `--svg draws one case: name it with --case (${drawn.map((c) => c.id).join(' ')})`,
  );
}

/** Checks that INPUT can give OUT (before anything is written); throws UsageError. */
export function checkOutputs(input: ReportInput, out: ReportOutputs): void {
  if (out.html === undefined && out.svg === undefined)
    throw new UsageError('say what to write: --html FILE and/or --svg FILE');
  if (input.kind === 'matrix' && out.svg !== undefined)
    throw new UsageError('--svg draws one case of a run; a matrix gets --html');
  if (input.kind === 'matrix' && out.caseId !== undefined)
    throw new UsageError('--case picks a case of a run; a matrix page shows them all');
  if (input.kind === 'run' && out.svg !== undefined) svgCase(input.run, out.caseId);
}

/** Writes the files; returns their paths. */
export function writeReport(input: ReportInput, out: ReportOutputs): string[] {
  checkOutputs(input, out);
  const written: string[] = [];
  const put = (file: string, text: string) => {
    writeFileSync(file, text);
    written.push(file);
  };
  if (input.kind === 'run') {
    if (out.html !== undefined) put(out.html, runPage(input.run));
    if (out.svg !== undefined) {
      const c = svgCase(input.run, out.caseId);
      put(
        out.svg,
        `<?xml version="1.0" encoding="utf-8"?>\n${timelineSvg(timelineModel(c.timeline!), `${c.id}: ${c.outcome}`)}\n`,
      );
    }
    return written;
  }
  const file = out.html!;
  const base = basename(file, extname(file));
  put(file, matrixPage(input.matrix, base));
  for (const r of input.matrix.records)
    if (r.timeline) put(join(dirname(file), cellFile(base, r)), cellPage(r));
  return written;
}
