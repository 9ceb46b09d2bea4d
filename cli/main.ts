#!/usr/bin/env node
// fusefault command line: one module per command under ./commands; errors a
// user caused (UsageError) become one line on stderr and exit code 2, here only.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { oneLine, UsageError } from '../src/errors.js';
import { commandsFor } from './commands/index.js';

async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('fusefault')
    .strict()
    .demandCommand(1, 'name a command (fusefault --help lists them)')
    .recommendCommands()
    .help()
    .version(false)
    .wrap(Math.min(110, yargs().terminalWidth()))
    .fail((msg, err) => {
      // yargs' own checks (unknown option, missing value, a `coerce` that threw)
      // come as YError: they are the user's mistakes like any UsageError
      if (err && err.name !== 'YError') throw err;
      throw new UsageError(yargsMessage(msg ?? err?.message ?? 'bad arguments'));
    });
  for (const c of await commandsFor(argv)) cli.command(c);
  await cli.parseAsync();
}

// yargs writes some messages on several indented lines ("Invalid values:\n
// Argument: accel, Given: ..."): one line of the same words instead.
function yargsMessage(msg: string): string {
  return msg.replace(/\s*\n\s*/g, ' ');
}

// A reader that went away (`fusefault run | head`) must not kill a run in the
// middle of a case: recovery still has to happen, so output is dropped instead.
for (const out of [process.stdout, process.stderr]) {
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}

main(hideBin(process.argv)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    // the last guard: a name echoed anywhere cannot add a line
    process.stderr.write(`fusefault: ${oneLine(err.message)}\n`);
    process.exitCode = 2;
  } else {
    const e = err as Error;
    process.stderr.write(`fusefault: ${e?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
});
