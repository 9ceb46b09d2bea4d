// `fusefault check --fs COMMAND`: judge a FUSE filesystem that is not ours,
// mounted by COMMAND over a fusefault backing store. Every argument is
// checked here, before anything is mounted.
import type { CommandModule } from 'yargs';
import { quote, UsageError } from '../../src/errors.js';
import { checkUnique, checkWritableFile, oneText, texts } from '../check.js';
import { CHECK_IDS, isCheckId } from '../../harness/check/registry.js';
import { runCheck } from '../../harness/check/run.js';

interface Args {
  fs: string;
  unmount?: string;
  json?: string;
  only?: string[];
}

function checkCommand(fs: string): void {
  if (fs.trim() === '') throw new UsageError('--fs needs a command that mounts the filesystem');
  if (!fs.includes('{mnt}'))
    throw new UsageError(`--fs ${quote(fs)} has no {mnt}: say where it mounts the filesystem`);
}

const command: CommandModule<object, Args> = {
  command: 'check',
  describe: 'Judge a FUSE filesystem: faults injected under it, verdicts per behaviour',
  builder: (y) =>
    y
      .option('fs', {
        type: 'string',
        demandOption: true,
        coerce: oneText('fs'),
        describe:
          'sh -c command that mounts the filesystem on {mnt}, backed by {lower} (a fusefault mount)',
      })
      .option('unmount', {
        type: 'string',
        coerce: oneText('unmount'),
        describe: 'sh -c command that unmounts {mnt} (default: fusermount -u, then umount)',
      })
      .option('json', {
        type: 'string',
        coerce: oneText('json'),
        describe: 'write every check as {id, outcome, summary, evidence} to this file',
      })
      .option('only', {
        type: 'string',
        array: true,
        coerce: texts('only'),
        describe: `run only these checks: ${CHECK_IDS.join(', ')}`,
      })
      .example("$0 check --fs 'bindfs {lower} {mnt}'", 'judge bindfs')
      .example(
        "$0 check --fs 'rclone mount {lower} {mnt} --daemon' --only error-propagation",
        'one check on rclone mount',
      ),
  handler: async (argv) => {
    checkCommand(argv.fs);
    if (argv.unmount !== undefined && !argv.unmount.includes('{mnt}'))
      throw new UsageError(`--unmount ${quote(argv.unmount)} has no {mnt}`);
    const only = argv.only ?? [];
    const unknown = only.filter((id) => !isCheckId(id));
    if (unknown.length)
      throw new UsageError(
        `unknown check ${unknown.map(quote).join(', ')}; known: ${CHECK_IDS.join(' ')}`,
      );
    checkUnique('check', only);
    if (argv.json !== undefined) checkWritableFile('json', argv.json);
    if (process.getuid?.() !== 0)
      throw new UsageError(
        'check needs root: it mounts FUSE filesystems and reads /proc/PID/stack',
      );
    process.exitCode = await runCheck({
      fs: argv.fs,
      only,
      ...(argv.unmount === undefined ? {} : { unmount: argv.unmount }),
      ...(argv.json === undefined ? {} : { json: argv.json }),
    });
  },
};
export default command;
