// The terminal table of `fusefault check`: one row per check, the outcome
// word and the summary, the summary cut to the terminal's width (the whole
// of it is in --json).

/** One row of the table. */
export interface Row {
  id: string;
  outcome: string;
  summary: string;
}

/** The table's lines: a header, a rule, one line per row; each at most `width` columns. */
export function formatTable(rows: readonly Row[], width = 120): string[] {
  const idW = Math.max(5, ...rows.map((r) => r.id.length));
  const outW = Math.max(7, ...rows.map((r) => r.outcome.length));
  const line = (a: string, b: string, c: string) => {
    const text = `${a.padEnd(idW)}  ${b.padEnd(outW)}  ${c}`;
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  };
  return [
    line('check', 'outcome', 'summary'),
    line('-'.repeat(idW), '-'.repeat(outW), '-'.repeat(7)),
    ...rows.map((r) => line(r.id, r.outcome, r.summary)),
  ];
}
