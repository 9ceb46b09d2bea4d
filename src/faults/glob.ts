// Path globs in fault specs, compiled once to a RegExp (decide() runs for
// every request): `*` and `?` stay inside one path component, `**` crosses
// components, and `/**/` also matches a single `/` (so /a/**/b matches /a/b).

/** A compiled glob: the RegExp, plus literal ends checked first (most paths fail there). */
export interface Glob {
  source: string;
  prefix: string;
  suffix: string;
  /** the RegExp's source without anchors, for combining several globs into one */
  pattern: string;
  /** undefined when the glob has no wildcard: then it must equal the path */
  re: RegExp | undefined;
}

/** Compiles GLOB; throws Error with a one-line reason when it is not usable. */
export function compileGlob(glob: string): Glob {
  if (!glob.startsWith('/')) throw new Error(`path glob '${glob}' must start with '/'`);
  let re = '';
  let prefix = '';
  let suffix = '';
  let literal = true;
  for (let i = 0; i < glob.length;) {
    const c = glob[i]!;
    if (glob.startsWith('/**/', i)) {
      re += '/(?:.*/)?';
      i += 4;
      literal = false;
      suffix = '/';
      continue;
    }
    if (glob.startsWith('**', i)) {
      re += '.*';
      i += 2;
    } else if (c === '*') {
      re += '[^/]*';
      i += 1;
    } else if (c === '?') {
      re += '[^/]';
      i += 1;
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      if (literal) prefix += c;
      suffix += c;
      i += 1;
      continue;
    }
    literal = false;
    suffix = '';
  }
  const compiled = literal ? undefined : new RegExp(`^${re}$`, 's');
  return { source: glob, prefix, suffix, pattern: re, re: compiled };
}

/** Whether PATH matches the compiled glob. */
export function globMatch(g: Glob, path: string): boolean {
  if (g.re === undefined) return path === g.source;
  return path.startsWith(g.prefix) && path.endsWith(g.suffix) && g.re.test(path);
}

/** One RegExp matching what any of GLOBS matches: a single test instead of one per rule. */
export function anyGlob(globs: Glob[]): RegExp {
  return new RegExp(`^(?:${globs.map((g) => g.pattern).join('|')})$`, 's');
}
