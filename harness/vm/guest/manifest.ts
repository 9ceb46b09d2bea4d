// What goes into a guest image, all taken from the host: busybox for the
// shell and tools, node with its libraries, the util-linux tools the harness
// calls, the project's built code and production dependencies, the kernel's
// FUSE modules and /init. Pure data: the image builder writes it, the cache
// key is a hash of it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CpioEntry } from './cpio.js';
import { GUEST_MODULE_DIR, GUEST_PROJECT, initScript } from './init.js';

export interface ManifestInputs {
  /** repo root on the host (has package.json, dist/, node_modules/) */
  projectRoot: string;
  /** host busybox binary (static) and the applets to link to it */
  busybox: string;
  applets: string[];
  /** host binaries placed in /usr/bin by basename: node, mount, unshare, ... */
  binaries: string[];
  /** shared libraries of those binaries and of native addons (absolute paths) */
  libraries: string[];
  /** host files placed at their own absolute path (python's library) */
  hostFiles?: string[];
  /** extra symlinks (usr/bin/python3 -> python3.11) */
  links?: Array<{ path: string; target: string }>;
  /** FUSE modules in load order, already decompressed */
  modules: Array<{ name: string; data: Buffer }>;
  /** the kernel's config, put at /boot/config-RELEASE where the runner looks for facts */
  kernelConfig?: { release: string; file: string };
}

const DIRS = ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'run'];
const ETC: Record<string, string> = {
  'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
  'etc/group': 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n',
  'etc/hosts': '127.0.0.1 localhost\n',
};

// Production packages of the lock file (entries not marked dev), as paths.
export function productionPackages(lock: { packages?: Record<string, { dev?: boolean }> }) {
  return Object.entries(lock.packages ?? {})
    .filter(([p, meta]) => p.startsWith('node_modules/') && !meta.dev)
    .map(([p]) => p)
    .sort();
}

// Files of the project the guest runs: package.json (it makes dist/ ESM),
// dist/ without source maps, production node_modules, and the python clients
// (harness/**/*.py, run from the source tree).
export function projectFiles(root: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const out = ['package.json'];
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && !e.name.endsWith('.map') && e.name !== '.tsbuildinfo') out.push(r);
    }
  };
  walk('dist');
  const before = out.length;
  walk('harness');
  out.splice(before, out.length - before, ...out.slice(before).filter((f) => f.endsWith('.py')));
  for (const p of productionPackages(lock)) walk(p);
  return [...new Set(out)];
}

// The image's entries, parents before children.
export function guestManifest(m: ManifestInputs): CpioEntry[] {
  const files: CpioEntry[] = [
    { type: 'file', path: 'bin/busybox', source: m.busybox, mode: 0o755 },
    ...m.applets
      .filter((a) => a !== 'busybox')
      .map((a): CpioEntry => ({ type: 'symlink', path: `bin/${a}`, target: 'busybox' })),
    ...m.binaries.map((b): CpioEntry => ({
      type: 'file',
      path: `usr/bin/${path.basename(b)}`,
      source: b,
    })),
    ...[...new Set([...m.libraries, ...(m.hostFiles ?? [])])].map((l): CpioEntry => ({
      type: 'file',
      path: l,
      source: l,
    })),
    ...(m.links ?? []).map((l): CpioEntry => ({ type: 'symlink', path: l.path, target: l.target })),
    ...projectFiles(m.projectRoot).map((f): CpioEntry => ({
      type: 'file',
      path: path.join(GUEST_PROJECT, f),
      source: path.join(m.projectRoot, f),
    })),
    ...m.modules.map((k): CpioEntry => ({
      type: 'data',
      path: `${GUEST_MODULE_DIR}/${k.name}.ko`,
      data: k.data,
    })),
    ...(m.kernelConfig
      ? [
          {
            type: 'file',
            path: `boot/config-${m.kernelConfig.release}`,
            source: m.kernelConfig.file,
            mode: 0o644,
          } satisfies CpioEntry,
        ]
      : []),
    ...Object.entries(ETC).map(([p, t]): CpioEntry => ({
      type: 'data',
      path: p,
      data: Buffer.from(t),
    })),
    {
      type: 'data',
      path: 'init',
      mode: 0o755,
      data: Buffer.from(initScript({ modules: m.modules.map((k) => k.name) })),
    },
  ];
  const dirs = new Set(DIRS);
  for (const f of files) {
    const parts = f.path.replace(/^\/+/, '').split('/').slice(0, -1);
    parts.forEach((_, i) => dirs.add(parts.slice(0, i + 1).join('/')));
  }
  return [
    ...[...dirs].sort().map((d): CpioEntry => ({ type: 'dir', path: d })),
    { type: 'chardev', path: 'dev/console', major: 5, minor: 1 },
    { type: 'chardev', path: 'dev/null', mode: 0o666, major: 1, minor: 3 },
    ...files,
  ];
}

// A hash of everything that would change the image: paths, modes, and each
// host file's size and mtime (hashing 100 MB of node on every run is not needed).
export function manifestHash(entries: CpioEntry[]): string {
  const h = createHash('sha256');
  for (const e of entries) {
    h.update(`${e.type} ${e.path} ${'mode' in e ? e.mode : ''}`);
    if (e.type === 'file') {
      const st = fs.statSync(e.source);
      h.update(` ${st.size} ${st.mtimeMs}`);
    } else if (e.type === 'data') h.update(createHash('sha256').update(e.data).digest());
    else if (e.type === 'symlink') h.update(` -> ${e.target}`);
    else if (e.type === 'chardev') h.update(` ${e.major}:${e.minor}`);
    h.update('\n');
  }
  return h.digest('hex').slice(0, 16);
}
