// A project-private apt: its own sources list, state, cache and config under
// the user's cache, one root per suite. The system's apt sources, state and
// apt.conf.d are never read or written (APT_CONFIG names our own file, so
// apt's startup skips /etc/apt/apt.conf.d and its update hooks).
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { makeDir } from './make-dir.js';
import type { DebianMirror } from './sources.js';

export interface AptRoot {
  dir: string;
  suite: string;
}

// Suites that have -updates and -security companions (everything but sid/experimental).
function isStable(suite: string): boolean {
  return !['sid', 'unstable', 'experimental', 'rc-buggy'].includes(suite);
}

// The one-line sources list for a suite: main archive plus, for a stable
// suite, its -updates and the security archive (new kernels land there first).
export function sourcesList(suite: string, mirror: DebianMirror): string {
  const line = (uri: string, s: string) => `deb [signed-by=${mirror.keyring}] ${uri} ${s} main\n`;
  let out = line(mirror.archive, suite);
  if (isStable(suite)) {
    out += line(mirror.archive, `${suite}-updates`);
    if (mirror.security) out += line(mirror.security, `${suite}-security`);
  }
  return out;
}

// The apt options that point every directory into the private root.
export function aptOptions(root: string, { uid = process.getuid?.() ?? 0 } = {}) {
  const etc = path.join(root, 'etc');
  const opts: Record<string, string> = {
    'Dir::State': path.join(root, 'state'),
    'Dir::State::status': path.join(root, 'state', 'status'),
    'Dir::Cache': path.join(root, 'cache'),
    'Dir::Etc': etc,
    'Dir::Etc::Main': path.join(etc, 'apt.conf'),
    'Dir::Etc::Parts': path.join(etc, 'apt.conf.d'),
    'Dir::Etc::SourceList': path.join(etc, 'sources.list'),
    'Dir::Etc::SourceParts': path.join(etc, 'sources.list.d'),
    'Dir::Etc::Preferences': path.join(etc, 'preferences'),
    'Dir::Etc::PreferencesParts': path.join(etc, 'preferences.d'),
    'Dir::Etc::TrustedParts': path.join(etc, 'trusted.gpg.d'),
    'APT::Architecture': 'amd64',
    'APT::Architectures': 'amd64',
    'Acquire::Languages': 'none',
    // The mirror here may serve a fixed snapshot whose Release files have
    // expired (sid's Valid-Until is a week); signatures are still checked.
    'Acquire::Check-Valid-Until': 'false',
  };
  // As root apt drops to _apt for downloads, which cannot write a root-owned
  // cache under $HOME; download as ourselves instead.
  if (uid === 0) opts['APT::Sandbox::User'] = 'root';
  return opts;
}

// The same options as an apt.conf file (for APT_CONFIG).
export function aptConf(opts: Record<string, string>): string {
  return Object.entries(opts)
    .map(([k, v]) => `${k} "${v}";\n`)
    .join('');
}

// Creates the directory layout, sources list and config of a suite's root.
export function prepareAptRoot(dir: string, suite: string, mirror: DebianMirror): AptRoot {
  const opts = aptOptions(dir);
  for (const k of ['Dir::Etc::Parts', 'Dir::Etc::SourceParts', 'Dir::Etc::PreferencesParts']) {
    makeDir(opts[k]!);
  }
  makeDir(opts['Dir::Etc::TrustedParts']!);
  makeDir(path.join(opts['Dir::State']!, 'lists', 'partial'));
  makeDir(path.join(opts['Dir::Cache']!, 'archives', 'partial'));
  if (!fs.existsSync(opts['Dir::State::status']!))
    fs.writeFileSync(opts['Dir::State::status']!, '');
  fs.writeFileSync(opts['Dir::Etc::SourceList']!, sourcesList(suite, mirror));
  fs.writeFileSync(path.join(dir, 'apt.conf'), aptConf(opts));
  return { dir, suite };
}

// The argv and environment of one apt-get/apt-cache call in a private root.
export function aptCommand(root: AptRoot, tool: 'apt-get' | 'apt-cache', args: string[]) {
  const o = Object.entries(aptOptions(root.dir)).flatMap(([k, v]) => ['-o', `${k}=${v}`]);
  return {
    file: tool,
    args: [...o, ...args],
    env: { APT_CONFIG: path.join(root.dir, 'apt.conf'), LC_ALL: 'C' },
  };
}

// Runs apt in the root and returns its stdout; failures carry apt's stderr.
export async function apt(
  root: AptRoot,
  tool: 'apt-get' | 'apt-cache',
  args: string[],
  { cwd }: { cwd?: string } = {},
): Promise<string> {
  const c = aptCommand(root, tool, args);
  const r = await execa(c.file, c.args, { env: c.env, cwd, reject: false });
  if (r.exitCode !== 0 || /^E: /m.test(r.stderr)) {
    throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr.trim().split('\n').pop()}`);
  }
  return r.stdout;
}

// When the root's package lists were last fetched (0 when never).
export function listsAge(root: AptRoot): number {
  const lists = path.join(root.dir, 'state', 'lists');
  const files = fs.existsSync(lists)
    ? fs.readdirSync(lists).filter((f) => f.endsWith('Release'))
    : [];
  if (files.length === 0) return Infinity;
  return Date.now() - Math.min(...files.map((f) => fs.statSync(path.join(lists, f)).mtimeMs));
}
