// Turns a kernel spec into files to boot: a bzImage, its modules directory
// (when the kernel has modules) and its release.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import { readBzImageRelease } from './bzimage.js';
import { fetchDebianKernel } from './debian.js';
import { loadKbuild } from './kbuild.js';
import type { KernelFiles } from './layout.js';
import type { KernelSpec } from './spec.js';

export interface ResolvedKernel extends KernelFiles {
  spec: KernelSpec;
}

// Fetches, builds or checks the kernel a spec names.
export async function resolveKernel(
  spec: KernelSpec,
  { log }: { log: (msg: string) => void },
): Promise<ResolvedKernel> {
  const s = spec.source;
  if (s.kind === 'debian') return { spec, ...(await fetchDebianKernel(s, { log })) };
  if (s.kind === 'build') {
    const kb = await loadKbuild();
    if (!kb) throw new UsageError(`${spec.text}: kernel builds are not available in this tree`);
    if (!kb.listRecipes().includes(s.recipe)) {
      throw new UsageError(`${spec.text}: no such recipe (known: ${kb.listRecipes().join(', ')})`);
    }
    return { spec, ...withConfig(await kb.buildKernel(s.recipe, { log })) };
  }
  const bzImage = path.resolve(s.bzImage);
  if (!fs.existsSync(bzImage)) throw new UsageError(`${spec.text}: ${bzImage} does not exist`);
  const release = readBzImageRelease(bzImage);
  if (!release) throw new UsageError(`${spec.text}: ${bzImage} is not an x86 bzImage`);
  const modulesDir = s.modulesDir ? path.resolve(s.modulesDir) : undefined;
  if (modulesDir && !fs.existsSync(modulesDir)) {
    throw new UsageError(`${spec.text}: modules directory ${modulesDir} does not exist`);
  }
  return { spec, ...withConfig({ bzImage, release, ...(modulesDir ? { modulesDir } : {}) }) };
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
