// The kernel source a recipe builds: Debian's linux-source-X binary package
// (it ships the tarball), fetched through the project-private apt root of the
// recipe's suite and unpacked once per version into the cache.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { apt } from '../vm/apt.js';
import { cacheDir } from '../vm/cache.js';
import { makeDir } from '../vm/make-dir.js';
import { suiteRoot } from '../vm/debian.js';
import type { Recipe } from './recipes.js';

export interface UnpackedSource {
  version: string;
  /** the top of the kernel tree (has Makefile, fs/, arch/) */
  dir: string;
}

/** The unpacked, pristine source tree of the recipe's package version. */
export async function unpackedSource(
  recipe: Recipe,
  { log }: { log: (line: string) => void },
): Promise<UnpackedSource> {
  const root = await suiteRoot(recipe.suite, { log });
  const policy = await apt(root, 'apt-cache', ['policy', recipe.sourcePackage]);
  const version = /Candidate:\s*(\S+)/.exec(policy)?.[1];
  if (!version || version === '(none)') {
    throw new Error(`${recipe.sourcePackage}: not found in Debian ${recipe.suite}`);
  }
  const base = path.join(cacheDir('kbuild'), 'src', `${recipe.sourcePackage}_${version}`);
  const done = path.join(base, 'tree.json');
  if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8')) as UnpackedSource;
  const tmp = `${base}.partial-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  makeDir(path.join(tmp, 'deb'));
  log(`kbuild: downloading ${recipe.sourcePackage} ${version}`);
  await apt(root, 'apt-get', ['-q', 'download', `${recipe.sourcePackage}=${version}`], {
    cwd: path.join(tmp, 'deb'),
  });
  const [deb] = fs.readdirSync(path.join(tmp, 'deb'));
  await execa('dpkg', ['-x', path.join(tmp, 'deb', deb!), path.join(tmp, 'pkg')]);
  const usrSrc = path.join(tmp, 'pkg', 'usr', 'src');
  const tarball = fs.readdirSync(usrSrc).find((f) => /^linux-source-.*\.tar\.xz$/.test(f));
  if (!tarball) throw new Error(`${recipe.sourcePackage} ${version}: no source tarball inside`);
  log(`kbuild: unpacking ${tarball}`);
  await execa('tar', ['-xf', path.join(usrSrc, tarball), '-C', tmp]);
  fs.rmSync(path.join(tmp, 'deb'), { recursive: true });
  fs.rmSync(path.join(tmp, 'pkg'), { recursive: true });
  const dir = path.join(base, tarball.replace(/\.tar\.xz$/, ''));
  const src: UnpackedSource = { version, dir };
  fs.writeFileSync(path.join(tmp, 'tree.json'), JSON.stringify(src, null, 2));
  try {
    fs.renameSync(tmp, base);
  } catch (err) {
    // Another run unpacked the same version first: use theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(done)) throw err;
  }
  return src;
}
