// Which file of the backing store is a file of the filesystem under test.
// Not always the same name: gocryptfs encrypts names (and adds
// gocryptfs.diriv files), others keep temporary names while writing. So the
// file is created through the upper mount and looked for as the one new
// regular file in the backing store, listed by walking {lower} (our own
// mount: readdir never waits on the filesystem under test).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { waitFor } from '../wait.js';

/** Every regular file below dir, as paths relative to it with a leading '/'. */
export function listFiles(dir: string): Set<string> {
  const out = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.add(`/${relative(dir, p)}`);
    }
  };
  walk(dir);
  return out;
}

/** The files in after that are not in before. */
export function newFiles(before: ReadonlySet<string>, after: ReadonlySet<string>): string[] {
  return [...after].filter((f) => !before.has(f)).sort();
}

/**
 * Runs make (which creates one file through the upper mount) and returns the
 * backing store's path of it (as the lower trace names it), or undefined when
 * not exactly one new file settled there within timeoutMs.
 */
export async function lowerPathOf(
  lower: string,
  make: () => Promise<unknown>,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<string | undefined> {
  const before = listFiles(lower);
  await make();
  // a daemon may write under a temporary name and rename it once done: wait
  // until one new file is there and stays
  const one = () => {
    const added = newFiles(before, listFiles(lower));
    return added.length === 1 ? added[0] : undefined;
  };
  return waitFor(one, {
    timeoutMs,
    stableMs: 200,
    what: 'one new file in the backing store',
  }).catch(() => undefined);
}
