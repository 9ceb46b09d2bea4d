// Kernel build recipes: a Debian kernel source package, our minimal config
// fragment, and patches, all kept in this repo (recipes/). The unpatched build
// is the control for the patched one: same source, same config.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Recipe {
  name: string;
  description: string;
  /** Debian suite and binary package that ships the source tarball */
  suite: string;
  sourcePackage: string;
  /** config fragment merged over `make tinyconfig` */
  fragment: string;
  /** further fragments merged after it, in order (a later line wins) */
  extraFragments?: string[];
  /** patches applied with `patch -p1`, in order */
  patches: string[];
}

// Sources live beside the compiled files' source tree: harness/kbuild/recipes/.
const RECIPE_DIR = fileURLToPath(new URL('../../../harness/kbuild/recipes/', import.meta.url));

export const RECIPES: readonly Recipe[] = [
  {
    name: '6.1',
    description: 'Debian 6.1 source, minimal config, no patch (the control)',
    suite: 'bookworm',
    sourcePackage: 'linux-source-6.1',
    fragment: 'minimal.config',
    patches: [],
  },
  {
    name: '6.1-flush-nowait',
    description: 'the same plus our patch: an exiting task does not wait for the FLUSH reply',
    suite: 'bookworm',
    sourcePackage: 'linux-source-6.1',
    fragment: 'minimal.config',
    patches: ['flush-nowait.patch'],
  },
  {
    name: '6.1-flush-async-ref',
    description:
      'the same plus our patch: an exiting task sends FLUSH in the background, holding the file until the reply',
    suite: 'bookworm',
    sourcePackage: 'linux-source-6.1',
    fragment: 'minimal.config',
    patches: ['flush-async-ref.patch'],
  },
  {
    name: '6.1-iou-lockup',
    description:
      'non-preemptible, soft-lockup detector, TIF_NOTIFY_SIGNAL fix in zap_pid_ns_processes taken out',
    suite: 'bookworm',
    sourcePackage: 'linux-source-6.1',
    fragment: 'minimal.config',
    extraFragments: ['iou-lockup.config'],
    patches: ['pidns-notify-signal-spin.patch'],
  },
];

/** The recipe called NAME, or a one-line error listing the known ones. */
export function findRecipe(name: string): Recipe {
  const r = RECIPES.find((x) => x.name === name);
  if (!r) {
    const known = RECIPES.map((x) => x.name).join(', ');
    throw new Error(`unknown kernel recipe '${name}' (known: ${known})`);
  }
  return r;
}

/** Absolute path of a file kept with the recipes. */
export function recipeFile(file: string): string {
  return RECIPE_DIR + file;
}

/** Every config fragment of the recipe, in merge order. */
export function recipeFragments(r: Recipe): string[] {
  return [r.fragment, ...(r.extraFragments ?? [])];
}

/** The recipe's inputs as text, for its cache key. A recipe without extra
 * fragments hashes exactly as before they existed, so cached builds stay valid. */
export function recipeInputs(r: Recipe): string {
  const parts = [r.sourcePackage, readFileSync(recipeFile(r.fragment), 'utf8')];
  for (const f of r.extraFragments ?? [])
    parts.push('fragment:' + readFileSync(recipeFile(f), 'utf8'));
  for (const p of r.patches) parts.push(readFileSync(recipeFile(p), 'utf8'));
  return parts.join('\0');
}

/** Names of the known recipes, for `fusefault kernels`. */
export function listRecipes(): string[] {
  return RECIPES.map((r) => r.name);
}
