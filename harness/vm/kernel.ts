// Turns a kernel spec into files to boot: a bzImage, its modules directory
// (when the kernel has modules) and its release.
import fs from 'node:fs';
import path from 'node:path';
import { quote, UsageError } from '../../src/errors.js';
import { listRecipes } from '../kbuild/recipes.js';
import { readBzImageRelease } from './bzimage.js';
import { fetchDebianKernel } from './debian.js';
import { loadKbuild } from './kbuild.js';
import type { KernelFiles } from './layout.js';
import type { KernelSpec } from './spec.js';

export interface ResolvedKernel extends KernelFiles {
  spec: KernelSpec;
}

/** What a spec says that can be checked before anything is fetched, built or
 * booted: a file: kernel exists and is an x86 bzImage (its modules directory
 * too), a build: recipe is one we have. A mistake is the user's (UsageError). */
export function checkKernelSpec(spec: KernelSpec): void {
  const s = spec.source;
  if (s.kind === 'file') fileKernel(spec, s);
  else if (s.kind === 'build' && !listRecipes().includes(s.recipe)) {
    const known = listRecipes().join(', ');
    throw new UsageError(`kernel ${quote(spec.text)}: no such recipe (known: ${known})`);
  }
  // debian: known only once the archive is asked
}

type FileSource = Extract<KernelSpec['source'], { kind: 'file' }>;

// A file: kernel's files, checked.
function fileKernel(spec: KernelSpec, s: FileSource): KernelFiles {
  const what = `kernel ${quote(spec.text)}`;
  const bzImage = path.resolve(s.bzImage);
  if (!fs.existsSync(bzImage)) throw new UsageError(`${what}: ${bzImage} does not exist`);
  let release: string | undefined;
  try {
    release = readBzImageRelease(bzImage);
  } catch (err) {
    throw new UsageError(`${what}: cannot read ${bzImage}: ${(err as Error).message}`);
  }
  if (!release) throw new UsageError(`${what}: ${bzImage} is not an x86 bzImage`);
  const modulesDir = s.modulesDir ? path.resolve(s.modulesDir) : undefined;
  if (modulesDir && !fs.statSync(modulesDir, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`${what}: modules directory ${modulesDir} is not a directory`);
  return { bzImage, release, ...(modulesDir ? { modulesDir } : {}) };
}

// Fetches, builds or checks the kernel a spec names.
export async function resolveKernel(
  spec: KernelSpec,
  { log }: { log: (msg: string) => void },
): Promise<ResolvedKernel> {
  const s = spec.source;
  if (s.kind === 'debian') return { spec, ...(await fetchDebianKernel(s, { log })) };
  if (s.kind === 'file') return { spec, ...withConfig(fileKernel(spec, s)) };
  checkKernelSpec(spec);
  const kb = await loadKbuild();
  if (!kb) throw new UsageError(`${spec.text}: kernel builds are not available in this tree`);
  return { spec, ...withConfig(await kb.buildKernel(s.recipe, { log })) };
}

// A config next to the modules (modules dir/config, or a .config beside the bzImage).
function withConfig(k: KernelFiles): KernelFiles {
  const candidates = [
    k.modulesDir && path.join(k.modulesDir, 'config'),
    path.join(path.dirname(k.bzImage), '.config'),
    path.join(path.dirname(k.bzImage), 'config'),
    path.join(path.dirname(k.bzImage), `config-${k.release}`),
  ];
  const config = candidates.find((c): c is string => !!c && fs.existsSync(c));
  return config ? { ...k, config } : k;
}
