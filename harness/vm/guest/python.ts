// Python for the clients that node cannot be (harness/clients/py: raw mmap
// faults, syscalls on threads libuv does not own): Debian's python3, only the
// standard-library modules those scripts load (about 40 files, not the 50 MB
// library), with their compiled .pyc so the guest does not compile them
// under TCG. Guest paths equal host paths: python finds its prefix from the
// binary's location and the os.py landmark.
import fs from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { sharedLibraries } from './ldd.js';

export const HOST_PYTHON = '/usr/bin/python3';

export interface GuestPython {
  binary: string;
  links: Array<{ path: string; target: string }>;
  files: string[];
  libraries: string[];
}

// Top-level modules the scripts import, without their own sibling modules.
export function importedModules(sources: Record<string, string>): string[] {
  const own = new Set(Object.keys(sources).map((f) => path.basename(f, '.py')));
  const mods = new Set<string>();
  for (const text of Object.values(sources)) {
    for (const m of text.matchAll(/^\s*(?:import|from)\s+([A-Za-z_][\w]*)/gm)) mods.add(m[1]!);
  }
  return [...mods].filter((m) => !own.has(m)).sort();
}

// The .pyc next to a module, when the host has one.
export function pycOf(file: string, tag: string): string | undefined {
  if (!file.endsWith('.py')) return undefined;
  const pyc = path.join(
    path.dirname(file),
    '__pycache__',
    `${path.basename(file, '.py')}.${tag}.pyc`,
  );
  return fs.existsSync(pyc) ? pyc : undefined;
}

// What the guest needs to run the project's python clients, or undefined
// when there are none or the host has no python3.
export function hostPython(projectRoot: string): GuestPython | undefined {
  const dir = path.join(projectRoot, 'harness', 'clients', 'py');
  if (!fs.existsSync(dir) || !fs.existsSync(HOST_PYTHON)) return undefined;
  const sources = Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.py'))
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
  const mods = importedModules(sources);
  const probe = [
    'import sys',
    `for m in ${JSON.stringify(mods)}: __import__(m)`,
    'print(sys.implementation.cache_tag)',
    "print('\\n'.join(sorted({m.__file__ for m in sys.modules.values() if getattr(m, '__file__', None)})))",
  ].join('\n');
  const r = execaSync(HOST_PYTHON, ['-c', probe], { reject: false });
  if (r.exitCode !== 0) return undefined;
  const [tag = '', ...loaded] = String(r.stdout).split('\n').filter(Boolean);
  const binary = fs.realpathSync(HOST_PYTHON);
  const files = loaded.flatMap((f) => [f, pycOf(f, tag)].filter((x): x is string => !!x));
  const libraries = [binary, ...loaded.filter((f) => f.endsWith('.so'))].flatMap(sharedLibraries);
  const links =
    binary === HOST_PYTHON ? [] : [{ path: 'usr/bin/python3', target: path.basename(binary) }];
  return { binary, links, files, libraries: [...new Set(libraries)] };
}
