// Shared test helpers: where the compiled CLI is, and how to run it.

import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** dist/src/cli/main.js, from dist/test/helpers.js */
export const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

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
