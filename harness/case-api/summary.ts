// A case's summary line: what each run gave, prefixed with what was missing
// when nothing could be concluded, so an inconclusive run says why first.

/** "nothing concluded: A; B; " + TEXT, or TEXT when nothing was missing. */
export function summaryOf(missing: readonly string[], text: string): string {
  return missing.length ? `nothing concluded: ${missing.join('; ')}; ${text}` : text;
}
