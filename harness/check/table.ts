// The terminal table of `fusefault check`: one row per check, the outcome
// word and the summary, the summary wrapped at word boundaries under its
// column to the terminal's width (the evidence is in --json).

/** One row of the table. */
export interface Row {
  id: string;
  outcome: string;
  summary: string;
}

// text in lines of at most width characters, broken after ', ' or ' ' where it can be
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    // after a comma first (the summaries are lists), else at a blank, else hard
    const comma = rest.lastIndexOf(', ', width - 1) + 1;
    const blank = rest.lastIndexOf(' ', width);
    const at = comma > width / 3 ? comma : blank > width / 3 ? blank : width;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  return [...out, rest];
}

/** The table's lines: a header, a rule, then each row (its summary wrapped to fit `width`). */
export function formatTable(rows: readonly Row[], width = 120): string[] {
  const idW = Math.max(5, ...rows.map((r) => r.id.length));
  const outW = Math.max(7, ...rows.map((r) => r.outcome.length));
  const indent = idW + outW + 4;
  const sumW = Math.max(20, width - indent);
  const line = (a: string, b: string, c: string) => `${a.padEnd(idW)}  ${b.padEnd(outW)}  ${c}`;
  return [
    line('check', 'outcome', 'summary'),
    line('-'.repeat(idW), '-'.repeat(outW), '-'.repeat(7)),
    ...rows.flatMap((r) => {
      const [first = '', ...more] = wrap(r.summary, sumW);
      return [line(r.id, r.outcome, first), ...more.map((m) => `${' '.repeat(indent)}${m}`)];
    }),
  ];
}
