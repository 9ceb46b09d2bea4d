// The key evidence of a case for its TAP block: the JSON has everything; TAP
// shows what a reader scans for. Tasks become one line each (stuck, dead and
// stopped ones shown, sleeping ones counted); a list of runs or variants
// becomes one line per item with its plain fields, a long mapping one line
// per entry; long values are cut.
// Values are JSON, which YAML 1.2 reads as is.
import type { StepEvent } from './steps.js';

const MAX_VALUE = 240;

/** v as a YAML value on one line, cut to a quoted string when too long. */
export function yamlValue(v: unknown): string {
  const json = JSON.stringify(v) ?? 'null';
  return json.length <= MAX_VALUE ? json : JSON.stringify(`${json.slice(0, MAX_VALUE)}...`);
}

interface TaskLike {
  tid: number;
  comm: string;
  state: string;
  stack?: string[] | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isTaskList = (v: unknown): v is TaskLike[] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every(
    (t) => typeof (t as TaskLike)?.tid === 'number' && typeof (t as TaskLike).state === 'string',
  );

// a task as one line: "1234 stat D fuse_get_req < __fuse_simple_request < ..."
const taskLine = (t: TaskLike) =>
  `${t.tid} ${t.comm} ${t.state} ${(t.stack ?? []).slice(0, 5).join(' < ')}`.trim();

// the fields of o that are not objects or arrays
const plain = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, x]) => typeof x !== 'object' || x === null));

// x itself when short, else its plain fields
const short = (x: unknown) => (isObject(x) && JSON.stringify(x).length > MAX_VALUE ? plain(x) : x);

function items(v: unknown): string[] | undefined {
  if (isTaskList(v)) {
    const odd = v.filter((t) => !'RSI'.includes(t.state));
    const rest = v.length - odd.length;
    return [
      ...odd.map((t) => JSON.stringify(taskLine(t))),
      ...(rest ? [`"${rest} more tasks in R/S"`] : []),
    ];
  }
  if (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every(isObject) &&
    JSON.stringify(v).length > MAX_VALUE
  ) {
    return v.map((o) => yamlValue(plain(o)));
  }
  return undefined;
}

/** The evidence block, indented under a case's YAML. */
export function evidenceLines(evidence: Record<string, unknown>): string[] {
  const keys = Object.keys(evidence);
  if (keys.length === 0) return [];
  const lines = ['  evidence:'];
  for (const k of keys) {
    const v = evidence[k];
    const list = items(v);
    const key = `    ${JSON.stringify(k)}:`;
    if (list) lines.push(key, ...list.map((l) => `      - ${l}`));
    else if (isObject(v) && JSON.stringify(v).length > MAX_VALUE) {
      // a mapping one level down: each entry on its own line
      const entries = Object.entries(v).map(
        ([k2, x]) => `      ${JSON.stringify(k2)}: ${yamlValue(short(x))}`,
      );
      lines.push(key, ...entries);
    } else lines.push(`${key} ${yamlValue(v)}`);
  }
  return lines;
}

/** The steps a case announced, one line each (cut when long): "2 send SIGINT
 * to cp: cp: in D in fuse_flush", "(not ended)" for a step the case never ended. */
export function stepLines(events: readonly StepEvent[]): string[] {
  const ends = new Map(events.flatMap((e) => (e.kind === 'end' ? [[e.index, e.result]] : [])));
  return events.flatMap((e) => {
    if (e.kind !== 'begin') return [];
    const line = `${e.index} ${e.title}: ${ends.get(e.index) ?? '(not ended)'}`;
    return [line.length <= MAX_VALUE ? line : `${line.slice(0, MAX_VALUE)}...`];
  });
}
