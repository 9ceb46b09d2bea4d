// Where a kernel package tree keeps its image, modules and config: /boot in
// bookworm and trixie, /usr/lib/modules/REL/{vmlinuz,config} in sid's split
// packages (merged /usr).
import fs from 'node:fs';
import path from 'node:path';

export interface KernelFiles {
  bzImage: string;
  /** the directory holding kernel/, modules.* for this release */
  modulesDir?: string;
  release: string;
  /** the kernel's .config, when shipped */
  config?: string;
}

function ls(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

// Finds vmlinuz, the modules directory and the config under an unpacked tree.
export function findKernelFiles(root: string): KernelFiles {
  const modRoots = [path.join(root, 'lib', 'modules'), path.join(root, 'usr', 'lib', 'modules')];
  for (const f of ls(path.join(root, 'boot'))) {
    if (!f.startsWith('vmlinuz-')) continue;
    const release = f.slice('vmlinuz-'.length);
    const modulesDir = modRoots.map((m) => path.join(m, release)).find((d) => fs.existsSync(d));
    const config = path.join(root, 'boot', `config-${release}`);
    return {
      bzImage: path.join(root, 'boot', f),
      release,
      ...(modulesDir ? { modulesDir } : {}),
      ...(fs.existsSync(config) ? { config } : {}),
    };
  }
  for (const m of modRoots) {
    for (const release of ls(m)) {
      const dir = path.join(m, release);
      if (!fs.existsSync(path.join(dir, 'vmlinuz'))) continue;
      const config = path.join(dir, 'config');
      return {
        bzImage: path.join(dir, 'vmlinuz'),
        modulesDir: dir,
        release,
        ...(fs.existsSync(config) ? { config } : {}),
      };
    }
  }
  throw new Error(`no vmlinuz under ${root}`);
}
