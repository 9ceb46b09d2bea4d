// Finds the host programs a guest is built from.
import fs from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { sharedLibraries } from './ldd.js';
import { productionPackages } from './manifest.js';

// The util-linux tools the harness calls, and fusermount for fuse-native's unmount.
export const GUEST_TOOLS = ['mount', 'umount', 'unshare', 'nsenter', 'setpriv'];
export const OPTIONAL_TOOLS = ['fusermount', 'fusermount3'];

// A program on PATH (or the standard directories), as an absolute path.
export function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const d of dirs) {
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

// Debian's busybox-static (scripts/setup.sh installs it) and its applet list.
export function hostBusybox(): { busybox: string; applets: string[] } {
  const busybox = which('busybox');
  if (!busybox) throw new Error('busybox not found: run scripts/setup.sh (busybox-static)');
  if (sharedLibraries(busybox).length > 0) {
    throw new Error(`${busybox} is dynamically linked: install busybox-static`);
  }
  const applets = String(execaSync(busybox, ['--list']).stdout)
    .split('\n')
    .filter(Boolean);
  return { busybox, applets };
}

// node, the tools, and their shared libraries plus those of native addons.
export function hostBinaries(projectRoot: string): { binaries: string[]; libraries: string[] } {
  const missing = GUEST_TOOLS.filter((t) => !which(t));
  if (missing.length) throw new Error(`guest tools not found on the host: ${missing.join(' ')}`);
  const binaries = [
    fs.realpathSync(process.execPath),
    ...GUEST_TOOLS.map((t) => which(t)!),
    ...OPTIONAL_TOOLS.map(which).filter((p): p is string => !!p),
  ];
  const lock = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8'));
  const addons = productionPackages(lock).flatMap((p) => findAddons(path.join(projectRoot, p)));
  const libraries = [...binaries, ...addons].flatMap(sharedLibraries);
  return { binaries, libraries: [...new Set(libraries)].sort() };
}

function findAddons(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findAddons(p);
    return e.name.endsWith('.node') ? [p] : [];
  });
}
