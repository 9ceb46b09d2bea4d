// Path globs in fault specs, compiled once to a RegExp (decide() runs for
// every request): `*` and `?` stay inside one path component, `**` crosses
// components, and `/**/` also matches a single `/` (so /a/**/b matches /a/b).

/** A compiled glob: test(path) plus the literal prefix checked before the RegExp. */
export interface Glob {
  source: string;
  prefix: string;
  re: RegExp;
}

/** Compiles GLOB; throws Error with a one-line reason when it is not usable. */
export function compileGlob(glob: string): Glob {
  if (!glob.startsWith('/')) throw new Error(`path glob '${glob}' must start with '/'`);
  let re = '^';
  let prefix = '';
  let literal = true;
  for (let i = 0; i < glob.length;) {
    const c = glob[i]!;
    if (glob.startsWith('/**/', i)) {
      re += '/(?:.*/)?';
      i += 4;
      literal = false;
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
      i += 1;
      continue;
    }
    literal = false;
  }
  return { source: glob, prefix, re: new RegExp(re + '$', 's') };
}

/** Whether PATH matches the compiled glob. */
export function globMatch(g: Glob, path: string): boolean {
  return path.startsWith(g.prefix) && g.re.test(path);
}
