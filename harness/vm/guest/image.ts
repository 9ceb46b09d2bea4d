// Builds the guest initramfs for a kernel, or reuses the cached one: images
// are named by the hash of their manifest, so any change to dist/, node,
// the tools or the kernel's modules makes a new one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../cache.js';
import { makeDir } from '../make-dir.js';
import { guestModules, readModule } from '../modules.js';
import { writeCpio } from './cpio.js';
import { hostBinaries, hostBusybox } from './host.js';
import { guestManifest, manifestHash } from './manifest.js';
import { hostPython } from './python.js';

// The repo root, from dist/harness/vm/guest/image.js.
export const PROJECT_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const KEEP = 8;

// The path of an initramfs for this kernel, built if needed.
export async function guestImage(
  kernel: { config?: string; modulesDir?: string; release: string },
  { log, projectRoot = PROJECT_ROOT }: { log: (msg: string) => void; projectRoot?: string },
): Promise<string> {
  const modules = guestModules(kernel).map((m) => ({ name: m.name, data: readModule(m.file) }));
  const bins = hostBinaries(projectRoot);
  const py = hostPython(projectRoot);
  const entries = guestManifest({
    projectRoot,
    ...hostBusybox(),
    binaries: py ? [...bins.binaries, py.binary] : bins.binaries,
    libraries: py ? [...bins.libraries, ...py.libraries] : bins.libraries,
    hostFiles: py?.files ?? [],
    links: py?.links ?? [],
    modules,
    ...(kernel.config ? { kernelConfig: { release: kernel.release, file: kernel.config } } : {}),
  });
  const dir = cacheDir('images');
  const out = path.join(dir, `guest-${manifestHash(entries)}.cpio`);
  if (fs.existsSync(out)) {
    const now = new Date();
    fs.utimesSync(out, now, now);
    return out;
  }
  makeDir(dir);
  const t0 = Date.now();
  const tmp = `${out}.${process.pid}.partial`;
  await writeCpio(tmp, entries);
  fs.renameSync(tmp, out);
  const mb = (fs.statSync(out).size / 1e6).toFixed(0);
  log(
    `guest image ${path.basename(out)}: ${entries.length} entries, ${mb} MB, ${Date.now() - t0} ms`,
  );
  prune(dir);
  return out;
}

// Keeps the newest images only: each dist/ rebuild makes a new one.
function prune(dir: string): void {
  const images = fs
    .readdirSync(dir)
    .filter((f) => /^guest-[0-9a-f]+\.cpio$/.test(f))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of images.slice(KEEP)) fs.rmSync(path.join(dir, f), { force: true });
}
