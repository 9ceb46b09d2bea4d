// What a kernel build needs besides gcc and make. objtool needs libelf even
// for a minimal config; flex/bison for kconfig; bc for the timeconst header.
import { existsSync } from 'node:fs';
import { execa } from 'execa';

const TOOLS: [command: string, debianPackage: string][] = [
  ['gcc', 'gcc'],
  ['make', 'make'],
  ['flex', 'flex'],
  ['bison', 'bison'],
  ['bc', 'bc'],
  ['patch', 'patch'],
  ['xz', 'xz-utils'],
  ['perl', 'perl'],
];

/** Throws one line naming the Debian packages to install when a tool is missing. */
export async function requireBuildTools(): Promise<void> {
  const missing: string[] = [];
  for (const [cmd, pkg] of TOOLS) {
    const r = await execa('sh', ['-c', `command -v ${cmd}`], { reject: false });
    if (r.exitCode !== 0) missing.push(pkg);
  }
  if (!existsSync('/usr/include/libelf.h') && !existsSync('/usr/include/gelf.h')) {
    missing.push('libelf-dev');
  }
  if (missing.length) {
    throw new Error(`kernel build needs: apt-get install ${missing.join(' ')}`);
  }
}
