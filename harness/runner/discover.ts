// Finding cases: every .js file directly in the cases directory is one case,
// its id the file name without the extension, its default export a CaseDef.
// FUSEFAULT_CASES_DIR points elsewhere (the runner's own fixture cases).
// A case whose regress lists do not cover its outcomes is refused on load.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { regressProblem } from './regress.js';
import type { CaseDef } from './types.js';

/** A case found on disk. */
export interface LoadedCase {
  id: string;
  path: string;
  def: CaseDef;
}

/** The directory cases are loaded from: $FUSEFAULT_CASES_DIR or dist/cases. */
export function casesDir(): string {
  const env = process.env.FUSEFAULT_CASES_DIR;
  return env ? resolve(env) : fileURLToPath(new URL('../../cases/', import.meta.url));
}

function isCaseDef(v: unknown): v is CaseDef {
  const d = v as Partial<CaseDef> | undefined;
  return (
    typeof d?.title === 'string' && typeof d.run === 'function' && typeof d.timeoutMs === 'number'
  );
}

/** Every case id in dir, sorted, without importing anything. */
export function caseIds(dir = casesDir()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.js'))
    .map((n) => n.slice(0, -3))
    .sort();
}

/** Imports the cases with these ids (all when ids is undefined). */
export async function loadCases(ids?: string[], dir = casesDir()): Promise<LoadedCase[]> {
  const out: LoadedCase[] = [];
  for (const id of ids ?? caseIds(dir)) {
    const path = join(dir, `${id}.js`);
    const def: unknown = (await import(pathToFileURL(path).href)).default;
    if (!isCaseDef(def)) throw new Error(`${path}: default export is not a CaseDef`);
    // every outcome must say what it means to a farm before anything runs
    const problem = regressProblem(def);
    if (problem) throw new Error(`${path}: ${problem}`);
    out.push({ id, path, def });
  }
  return runOrder(out);
}

/**
 * CASES in the order they run: those that may leave the machine unusable
 * (vmOnly: a soft lockup spins a CPU for good, and every later
 * synchronize_rcu waits on it) after all the others, so that no other case is
 * measured on a guest one of them wrecked. Otherwise the order is kept.
 */
export function runOrder<T extends { def: { requires?: { vmOnly?: boolean } } }>(cases: T[]): T[] {
  const last = (c: T) => (c.def.requires?.vmOnly ? 1 : 0);
  return cases
    .map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => last(a) - last(b) || i - j)
    .map(([c]) => c);
}
