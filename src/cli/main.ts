#!/usr/bin/env node
// fusefault command line: one module per command under ./commands; errors a
// user caused (UsageError) become one line on stderr and exit code 2, here only.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UsageError } from '../errors.js';
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
      throw err ?? new UsageError(msg);
    });
  for (const c of await commandsFor(argv)) cli.command(c);
  await cli.parseAsync();
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
    process.stderr.write(`fusefault: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    const e = err as Error;
    process.stderr.write(`fusefault: ${e?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
});
