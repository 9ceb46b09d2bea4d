// Shared test helpers: where the compiled CLI is, and how to run it.

import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** dist/src/cli/main.js, from dist/test/helpers.js */
export const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** Runs `fusefault ARGS` to completion, never throwing on a non-zero exit. */
export function fusefault(args: string[], opts: { timeout?: number; input?: string } = {}) {
  return execa(process.execPath, [CLI, ...args], {
    reject: false,
    timeout: opts.timeout ?? 60_000,
    input: opts.input,
  });
}
