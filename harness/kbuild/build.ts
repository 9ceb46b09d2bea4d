// Builds a recipe's bzImage from Debian's kernel source package, cached by the
// source version and a hash of the config fragment and patches, so a rebuild
// happens only when an input changes. Builds out of tree (make O=) so the
// unpacked source stays pristine; a patched recipe builds from a hard-linked
// copy (patch(1) replaces files rather than writing through the links).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { findRecipe, recipeFile, recipeFragments, recipeInputs, type Recipe } from './recipes.js';
import { requireBuildTools } from './tools.js';

export { listRecipes } from './recipes.js';
import { unpackedSource } from './source.js';
import { cacheDir } from '../vm/cache.js';
import { makeDir } from '../vm/make-dir.js';

export interface BuiltKernel {
  recipe: string;
  bzImage: string;
  /** built-in everything: the minimal config has no modules */
  modulesDir?: string;
  release: string;
  sourceVersion: string;
  /** whether this call compiled it (false: it came from the cache) */
  built: boolean;
  seconds: number;
}

interface Options {
  log?: (line: string) => void;
  jobs?: number;
}

/** The bzImage of recipe NAME, built if the cache does not hold it yet. */
export async function buildKernel(
  name: string,
  { log = () => {}, jobs }: Options = {},
): Promise<BuiltKernel> {
  const recipe = findRecipe(name);
  await requireBuildTools();
  const src = await unpackedSource(recipe, { log });
  const key = createHash('sha256')
    .update(src.version + '\0' + recipeInputs(recipe))
    .digest('hex')
    .slice(0, 16);
  const out = join(cacheDir('kbuild'), `${recipe.name}-${key}`);
  const infoFile = join(out, 'info.json');
  if (existsSync(infoFile)) {
    const info = JSON.parse(await readFile(infoFile, 'utf8')) as BuiltKernel;
    return { ...info, built: false };
  }
  const started = Date.now();
  // Each build works in a directory of its own and renames it into place at
  // the end, so two runs building the same recipe never pull files from under
  // each other; the cache only ever holds finished builds.
  const work = `${out}.build-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  makeDir(work);
  try {
    const tree = recipe.patches.length ? await patchedTree(recipe, src.dir, work, log) : src.dir;
    const build = join(work, 'build');
    const make = (args: string[]) => run('make', ['-C', tree, `O=${build}`, ...args], log);
    const fragments = recipeFragments(recipe);
    log(`kbuild ${recipe.name}: configuring (tinyconfig + ${fragments.join(' + ')})`);
    await make(['tinyconfig']);
    await run(
      join(tree, 'scripts/kconfig/merge_config.sh'),
      ['-m', '-O', build, join(build, '.config'), ...fragments.map(recipeFile)],
      log,
    );
    await make(['olddefconfig']);
    log(`kbuild ${recipe.name}: compiling bzImage`);
    await make([`-j${jobs ?? cpus().length}`, 'bzImage']);
    const release = (
      await execa('make', ['-s', '-C', tree, `O=${build}`, 'kernelrelease'])
    ).stdout.trim();
    await copyFile(join(build, 'arch/x86/boot/bzImage'), join(work, 'bzImage'));
    await copyFile(join(build, '.config'), join(work, 'config'));
    // The object tree is large and only good for an incremental rebuild.
    await rm(build, { recursive: true, force: true });
    if (tree !== src.dir) await rm(tree, { recursive: true, force: true });
    const info: BuiltKernel = {
      recipe: recipe.name,
      bzImage: join(out, 'bzImage'),
      release,
      sourceVersion: src.version,
      built: true,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    await writeFile(join(work, 'info.json'), JSON.stringify(info, null, 2) + '\n');
    try {
      await rename(work, out);
    } catch {
      // Another run finished the same build first: theirs is as good as ours.
      if (!existsSync(infoFile)) throw new Error(`kernel build: cannot move ${work} to ${out}`);
    }
    log(`kbuild ${recipe.name}: ${release} in ${info.seconds} s`);
    return info;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function patchedTree(
  recipe: Recipe,
  pristine: string,
  out: string,
  log: (l: string) => void,
) {
  const tree = join(out, 'tree');
  await run('cp', ['-al', pristine, tree], log);
  for (const p of recipe.patches) {
    log(`kbuild ${recipe.name}: applying ${p}`);
    await run('patch', ['-p1', '--forward', '--batch', '-d', tree, '-i', recipeFile(p)], log);
  }
  return tree;
}

async function run(cmd: string, args: string[], log: (l: string) => void): Promise<void> {
  const r = await execa(cmd, args, {
    reject: false,
    all: true,
    env: { KBUILD_BUILD_TIMESTAMP: '@0' },
  });
  if (r.exitCode !== 0) {
    const tail = (r.all ?? '').split('\n').slice(-15).join('\n');
    log(tail);
    throw new Error(
      `kernel build step failed: ${cmd} ${args.join(' ')} (exit ${r.exitCode}): ${tail.split('\n').at(-1)}`,
    );
  }
}
