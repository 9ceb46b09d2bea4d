// Shared test helpers: where the compiled CLI is, and how to run it.

import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { execa } from 'execa';

/** dist/cli/main.js, from dist/test/helpers.js */
export const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** Runs CMD ARGS as nobody (uid/gid 65534, no groups) in /, never throwing. */
export function asNobody(cmd: string, args: string[]) {
  const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  // env -i: tap's process-info hook (NODE_OPTIONS) cannot write its file as nobody
  return execa('env', ['-i', `PATH=${process.env.PATH}`, ...nobody, cmd, ...args], {
    reject: false,
    cwd: '/',
  });
}

/** Runs `fusefault ARGS` as nobody (uid/gid 65534, no groups), never throwing. */
export function fusefaultAsNobody(args: string[]) {
  return asNobody(process.execPath, [CLI, ...args]);
}

/** Runs `fusefault ARGS` to completion, never throwing on a non-zero exit. */
export function fusefault(args: string[], opts: { timeout?: number; input?: string } = {}) {
  return execa(process.execPath, [CLI, ...args], {
    reject: false,
    timeout: opts.timeout ?? 60_000,
    input: opts.input,
  });
}

/** Writes FILE as just enough of an x86 bzImage for its RELEASE to be read
 * (the setup header's HdrS magic and kernel_version pointer). */
export function fakeBzImage(file: string, release: string): void {
  const b = Buffer.alloc(0x1000);
  b.write('HdrS', 0x202, 'latin1');
  b.writeUInt16LE(0x600, 0x20e);
  b.write(`${release} (me@host) #1 SMP\0`, 0x800, 'latin1');
  writeFileSync(file, b);
}
