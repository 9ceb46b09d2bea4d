// debian:<suite|version|package> kernels: resolved in a private apt root per
// suite, downloaded with `apt-get download`, unpacked with `dpkg -x`, cached
// per package version so a second matrix run touches the network only to
// refresh package lists (at most twice a day).
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../../src/errors.js';
import { apt, listsAge, prepareAptRoot, type AptRoot } from './apt.js';
import { cacheDir } from './cache.js';
import { kernelParts, parseStanzas, type Stanza } from './deb822.js';
import { findKernelFiles, type KernelFiles } from './layout.js';
import { makeDir } from './make-dir.js';
import { hostMirror } from './sources.js';
import type { KernelSource } from './spec.js';

// Suites searched for an exact version or package, oldest first.
export const KNOWN_SUITES = ['bookworm', 'trixie', 'sid'];
// The flavour: smallest image, virtio and serial built in, boots fastest.
export const FLAVOUR = 'cloud-amd64';
const REFRESH_MS = 12 * 3600_000;

type Log = (msg: string) => void;
type DebianSource = Extract<KernelSource, { kind: 'debian' }>;

// Prepares (and refreshes when stale) the private apt root of a suite.
export async function suiteRoot(suite: string, { log }: { log: Log }): Promise<AptRoot> {
  const root = prepareAptRoot(path.join(cacheDir('apt'), suite), suite, hostMirror());
  if (listsAge(root) > REFRESH_MS) {
    log(`apt: updating package lists of ${suite}`);
    try {
      await apt(root, 'apt-get', ['-q', 'update']);
    } catch (err) {
      if (listsAge(root) === Infinity) throw err;
      log(`apt: update of ${suite} failed, using the lists fetched before`);
    }
  }
  return root;
}

async function show(root: AptRoot, names: string[]): Promise<Stanza[]> {
  if (names.length === 0) return [];
  return parseStanzas(await apt(root, 'apt-cache', ['show', '--no-all-versions', ...names]));
}

// Finds the image package a source names, and the suite root that has it.
export async function resolveImage(
  source: DebianSource,
  { log }: { log: Log },
): Promise<{ root: AptRoot; image: Stanza }> {
  if ('suite' in source) {
    const root = await suiteRoot(source.suite, { log });
    const [meta] = await show(root, [`linux-image-${FLAVOUR}`]).catch(() => []);
    const name = meta?.Depends.find((d) => /^linux-image-\d/.test(d));
    const [image] = name ? await show(root, [name]) : [];
    if (!image) throw new UsageError(`debian:${source.suite}: no ${FLAVOUR} kernel in that suite`);
    return { root, image };
  }
  for (const suite of KNOWN_SUITES) {
    const root = await suiteRoot(suite, { log });
    const names =
      'package' in source
        ? [source.package]
        : (await apt(root, 'apt-cache', ['pkgnames', 'linux-image-']))
            .split('\n')
            .filter((n) => n.endsWith(`-${FLAVOUR}`) && /^linux-image-\d/.test(n));
    const all = parseStanzas(await apt(root, 'apt-cache', ['show', ...names]).catch(() => ''));
    const image = all.find((s) =>
      'package' in source ? s.Package === source.package : s.Version === source.version,
    );
    if (image) return { root, image };
  }
  const what = 'package' in source ? source.package : source.version;
  throw new UsageError(`debian:${what}: not found in ${KNOWN_SUITES.join(', ')}`);
}

// Downloads and unpacks a Debian kernel, or returns the cached unpacked tree.
export async function fetchDebianKernel(
  source: DebianSource,
  { log }: { log: Log },
): Promise<KernelFiles & { packages: string[] }> {
  const { root, image } = await resolveImage(source, { log });
  const dir = path.join(cacheDir('kernels'), `debian_${image.Package}_${image.Version}`);
  const done = path.join(dir, 'kernel.json');
  if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8'));
  const parts = kernelParts(image);
  const tmp = `${dir}.partial`;
  fs.rmSync(tmp, { recursive: true, force: true });
  makeDir(path.join(tmp, 'debs'));
  log(`apt: downloading ${parts.join(' ')} (${image.Version}, ${root.suite})`);
  await apt(root, 'apt-get', ['-q', 'download', ...parts.map((p) => `${p}=${image.Version}`)], {
    cwd: path.join(tmp, 'debs'),
  });
  for (const deb of fs.readdirSync(path.join(tmp, 'debs'))) {
    await execa('dpkg', ['-x', path.join(tmp, 'debs', deb), path.join(tmp, 'root')]);
  }
  fs.rmSync(path.join(tmp, 'debs'), { recursive: true });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  const files = { ...findKernelFiles(path.join(dir, 'root')), packages: parts };
  fs.writeFileSync(done, JSON.stringify(files, null, 2));
  return files;
}
