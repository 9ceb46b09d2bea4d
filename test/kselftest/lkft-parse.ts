// A reimplementation of how LKFT reads kselftest output (Linaro's
// test-definitions, automated/linux/kselftest/parse-output.py), from its
// rules: the oracle for what a farm's dashboard will call each result.
// - `# selftests: DIR: PROG` (runner.sh's header) sets the name prefix;
// - any line holding "ok N " (a nested `# ok 1 x` too) is a result, named
//   after the rest of the line, slugged: `[N]` dropped, every run outside
//   [A-Za-z0-9_-] one `_`, no `_` at either end, `_-` made `_`;
// - `not ok`: everything from "# " on is dropped; fail;
// - `ok` with "# SKIP": only that text is dropped; skip; other `ok`: pass;
// - the prefix joins with `_`; a name repeating `selftests_PREFIX` (the outer
//   line) keeps only what follows it.

const slug = (s: string) =>
  s
    .replace(/\[\d{1,5}\]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_|_$/g, '')
    .replace(/_-/g, '_');

/** "NAME pass|fail|skip" for each result LKFT finds in LINES. */
export function lkftParse(lines: readonly string[]): string[] {
  let prefix = '';
  const out: string[] = [];
  const emit = (name: string, result: string) => {
    let o = `${prefix}_${name} ${result}`;
    if (o.includes(`selftests_${prefix}`)) o = o.replace(/^.*_selftests_/, '');
    out.push(o);
  };
  for (const line of lines) {
    const header = line.indexOf('# selftests: ');
    if (header >= 0) {
      prefix = slug(line.slice(header + '# selftests: '.length));
      continue;
    }
    const notOk = /^.*?not ok \d+ (.*)$/.exec(line);
    if (notOk && /not ok \d{1,5} /.test(line)) {
      emit(slug(notOk[1]!.replace(/# .*$/, '')), 'fail');
      continue;
    }
    const ok = /^.*?ok \d{1,5} (.*)$/.exec(line);
    if (!ok) continue;
    const rest = ok[1]!;
    if (rest.includes('# SKIP')) emit(slug(rest.replace('# SKIP', '')), 'skip');
    else emit(slug(rest), 'pass');
  }
  return out;
}

/** LINES as kselftest's runner.sh prints program PROG of DIR: a header,
 * the output prefixed "# ", then the outer result from the exit code. */
export function kselftestWrap(dir: string, prog: string, lines: readonly string[], rc: number) {
  const hdr = `selftests: ${dir}: ${prog}`;
  const outer =
    rc === 0
      ? `ok 1 ${hdr}`
      : rc === 4
        ? `ok 1 ${hdr} # SKIP`
        : rc === 124
          ? `not ok 1 ${hdr} # TIMEOUT`
          : `not ok 1 ${hdr} # exit=${rc}`;
  return ['TAP version 13', '1..1', `# ${hdr}`, ...lines.map((l) => `# ${l}`), outer];
}
