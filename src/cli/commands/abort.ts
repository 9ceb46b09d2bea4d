// `fusefault abort <conn>` / `fusefault abort --stuck`: end FUSE waits by aborting
// connections through fusectl (/sys/fs/fuse/connections/N/abort).
import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { abortConnection, connectionExists, ensureFusectl } from '../../mount/fusectl.js';
import { abortStuck } from '../../../harness/proc/abort-stuck.js';
import { blockedReads } from '../../../harness/proc/read.js';

interface Args {
  conn?: string;
  stuck: boolean;
  'keep-mounts': boolean;
  pid?: number[];
}

async function abortOne(conn: string): Promise<void> {
  if (!/^\d+$/.test(conn)) throw new UsageError(`not a connection number: ${conn}`);
  await ensureFusectl();
  if (!(await connectionExists(Number(conn)))) throw new UsageError(`no FUSE connection ${conn}`);
  await abortConnection(Number(conn));
  process.stdout.write(`aborted connection ${conn}\n`);
}

async function abortAllStuck(keepMounts: boolean, pids?: number[]): Promise<void> {
  const { aborted, unknown } = await abortStuck({ keepMounts, ...(pids ? { pids } : {}) });
  const out: string[] = [];
  for (const a of aborted) {
    const verb = a.abortError ? 'could not abort' : 'aborted';
    out.push(`${verb} connection ${a.conn}: waited on by ${a.tasks.join(', ')}`);
    if (a.abortError) out.push(`  error: ${a.abortError}`);
    for (const m of a.unmounted) out.push(`  unmounted ${m} (lazy)`);
    for (const e of a.unmountErrors) out.push(`  error: ${e}`);
  }
  for (const u of unknown) out.push(`stuck on FUSE, connection unknown: ${u}`);
  if (!out.length) out.push('no task is stuck on a FUSE connection');
  if (aborted.some((a) => a.abortError || a.unmountErrors.length)) process.exitCode = 1;
  await new Promise<void>((resolve) =>
    process.stdout.write(`${out.join('\n')}\n`, () => resolve()),
  );
  // a /proc read still blocked on a stuck task's lock would keep us alive
  if (blockedReads() > 0) process.exit(process.exitCode ?? 0);
}

const command: CommandModule<object, Args> = {
  command: 'abort [conn]',
  describe: 'Abort a FUSE connection (or every one a task is stuck on)',
  builder: (y) =>
    y
      .positional('conn', {
        type: 'string',
        describe: 'connection number (the N of /sys/fs/fuse/connections/N)',
      })
      .option('stuck', {
        type: 'boolean',
        default: false,
        describe: 'abort every connection a D-state task waits on',
      })
      .option('keep-mounts', {
        type: 'boolean',
        default: false,
        describe: 'with --stuck: do not lazily unmount',
      })
      .option('pid', {
        type: 'number',
        array: true,
        describe: 'with --stuck: only tasks of these processes',
      })
      .example('$0 abort 42', 'abort connection 42')
      .example('$0 abort --stuck', 'free every task stuck on a FUSE connection'),
  handler: async (argv) => {
    if (process.getuid?.() !== 0) {
      throw new UsageError('abort needs root: it writes /sys/fs/fuse/connections/N/abort');
    }
    if (argv.stuck === (argv.conn !== undefined))
      throw new UsageError('give a connection number or --stuck (one of them)');
    if ((argv['keep-mounts'] || argv.pid) && !argv.stuck) {
      throw new UsageError('--keep-mounts and --pid go with --stuck');
    }
    if (argv.pid?.some((p) => !Number.isInteger(p) || p <= 0))
      throw new UsageError('--pid takes process ids');
    if (argv.conn !== undefined) await abortOne(argv.conn);
    else await abortAllStuck(argv['keep-mounts'], argv.pid);
  },
};
export default command;
