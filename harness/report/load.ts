// Reads what `fusefault report` is given: the JSON of `run --json` (a
// RunResult) or of `matrix --json` (a MatrixResult). Anything else is the
// user's mistake, refused with one line naming the file.
import { readFileSync } from 'node:fs';
import { quote, UsageError } from '../../src/errors.js';
import type { RunResult } from '../runner/types.js';
import { TIMELINE_VERSION } from '../timeline/types.js';
import type { MatrixResult } from '../vm/matrix.js';

/** A run's results or a matrix's. */
export type ReportInput =
  { kind: 'run'; run: RunResult } | { kind: 'matrix'; matrix: MatrixResult };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Whether V has an id (or case) and an outcome, as a case result and a matrix record do.
function isCaseLike(v: unknown, idKey: string): boolean {
  return isObject(v) && typeof v[idKey] === 'string' && typeof v.outcome === 'string';
}

// Refuses a timeline of a format this version cannot draw.
function checkTimelines(file: string, items: unknown[]): void {
  for (const c of items) {
    const tl = isObject(c) ? c.timeline : undefined;
    if (tl === undefined) continue;
    if (!isObject(tl) || tl.version !== TIMELINE_VERSION)
      throw new UsageError(
        `${quote(file)}: a timeline of version ${isObject(tl) ? String(tl.version) : '?'} (this fusefault reads version ${TIMELINE_VERSION})`,
      );
  }
}

/** What TEXT (the content of FILE) holds. */
export function parseReportInput(file: string, text: string): ReportInput {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError(`${quote(file)} is not JSON`);
  }
  if (
    isObject(v) &&
    isObject(v.kernel) &&
    Array.isArray(v.cases) &&
    v.cases.every((c) => isCaseLike(c, 'id'))
  ) {
    checkTimelines(file, v.cases);
    return { kind: 'run', run: v as unknown as RunResult };
  }
  if (isObject(v) && Array.isArray(v.records) && v.records.every((r) => isCaseLike(r, 'case'))) {
    checkTimelines(file, v.records);
    return { kind: 'matrix', matrix: v as unknown as MatrixResult };
  }
  throw new UsageError(`${quote(file)} is not the JSON of fusefault run --json or matrix --json`);
}

/** Reads and checks FILE. */
export function loadReportInput(file: string): ReportInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${quote(file)} (${(err as NodeJS.ErrnoException).code})`);
  }
  return parseReportInput(file, text);
}
