// The kernel modules a guest must load for FUSE: fuse.ko and what it depends
// on, in load order. Debian's packages ship no modules.dep (depmod runs at
// install time), so dependencies come from each module's own .modinfo
// `depends=` string; trixie and sid compress modules with xz, and busybox
// insmod cannot read that, so they are decompressed here.
import fs from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { gunzipSync } from 'node:zlib';

export interface GuestModule {
  /** module name as the kernel spells it (underscores) */
  name: string;
  /** host file, possibly compressed */
  file: string;
}

const EXT = /\.ko(\.xz|\.zst|\.gz)?$/;

// Module name from a file name: fuse.ko.xz -> fuse; dashes count as underscores.
export function moduleName(file: string): string {
  return path.basename(file).replace(EXT, '').replace(/-/g, '_');
}

// Whether the kernel has FUSE built in, from its config or modules.builtin.
export function fuseBuiltin({ config, modulesDir }: { config?: string; modulesDir?: string }) {
  if (config && fs.existsSync(config)) {
    const m = /^CONFIG_FUSE_FS=(\w)/m.exec(fs.readFileSync(config, 'utf8'));
    if (m) return m[1] === 'y';
  }
  const builtin = modulesDir && path.join(modulesDir, 'modules.builtin');
  if (builtin && fs.existsSync(builtin)) {
    return /(^|\/)fuse\.ko$/m.test(fs.readFileSync(builtin, 'utf8'));
  }
  return false;
}

// A module's bytes, decompressed.
export function readModule(file: string): Buffer {
  if (file.endsWith('.gz')) return gunzipSync(fs.readFileSync(file));
  if (file.endsWith('.xz'))
    return Buffer.from(execaSync('xz', ['-dc', file], { encoding: 'buffer' }).stdout);
  if (file.endsWith('.zst'))
    return Buffer.from(execaSync('zstd', ['-dc', file], { encoding: 'buffer' }).stdout);
  return fs.readFileSync(file);
}

// The `depends=` list of a module's .modinfo section.
export function modinfoDepends(ko: Buffer): string[] {
  const at = ko.indexOf('\0depends=');
  if (at < 0) return [];
  const start = at + '\0depends='.length;
  const value = ko.subarray(start, ko.indexOf(0, start)).toString('latin1');
  return value
    .split(',')
    .filter(Boolean)
    .map((n) => n.replace(/-/g, '_'));
}

// Every module file under a modules directory, by name.
export function indexModules(modulesDir: string): Map<string, string> {
  const index = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (EXT.test(e.name)) index.set(moduleName(e.name), p);
    }
  };
  walk(path.join(modulesDir, 'kernel'));
  return index;
}

// `want` and its dependencies, dependencies first; missing ones are skipped
// (they may be built in).
export function moduleClosure(
  want: string[],
  index: Map<string, string>,
  depends: (file: string) => string[] = (f) => modinfoDepends(readModule(f)),
): GuestModule[] {
  const out: GuestModule[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const file = index.get(name);
    if (!file) return;
    for (const d of depends(file)) visit(d);
    out.push({ name, file });
  };
  want.forEach(visit);
  return out;
}

// The modules a guest of this kernel loads before the cases run.
export function guestModules(k: { config?: string; modulesDir?: string }): GuestModule[] {
  if (fuseBuiltin(k) || !k.modulesDir || !fs.existsSync(path.join(k.modulesDir, 'kernel'))) {
    return [];
  }
  return moduleClosure(['fuse'], indexModules(k.modulesDir));
}
