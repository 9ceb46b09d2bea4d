// `fusefault abort <conn>` / `fusefault abort --stuck`: end FUSE waits by aborting
// connections through fusectl (/sys/fs/fuse/connections/N/abort).
import type { CommandModule } from 'yargs';
import { UsageError } from '../../src/errors.js';
import { PID_MAX_LIMIT, wholeNumbers } from '../check.js';
import { abortConnection, connectionExists, ensureFusectl } from '../../src/mount/fusectl.js';
import { abortStuck, unmountConnection } from '../../harness/proc/abort-stuck.js';
import { connectionOf, isFuseMount, readMountinfo } from '../../src/mount/mountinfo.js';
import { blockedReads } from '../../harness/proc/read.js';

interface Args {
  conn?: string;
  stuck: boolean;
  'keep-mounts': boolean;
  pid?: number[];
}

// Aborts connection N, then (unless keepMounts) lazily unmounts its mounts: an
// aborted connection answers ENOTCONN for good, and once its server is gone
// nobody else will take the mount away. Whatever is left is one line, exit 1.
async function abortOne(conn: string, keepMounts: boolean): Promise<void> {
  if (!/^\d+$/.test(conn)) throw new UsageError(`not a connection number: ${conn}`);
  const id = Number(conn);
  await ensureFusectl();
  if (!(await connectionExists(id))) throw new UsageError(`no FUSE connection ${conn}`);
  await abortConnection(id);
  const out = [`aborted connection ${conn}`];
  if (!keepMounts) {
    const u = await unmountConnection(id);
    for (const m of u.unmounted) out.push(`  unmounted ${m} (lazy)`);
    const left = (await readMountinfo('self'))
      .filter((m) => isFuseMount(m) && connectionOf(m) === id)
      .map((m) => m.mountpoint);
    if (left.length) {
      const why = u.errors.length ? ` (${u.errors.join('; ')})` : '';
      process.stderr.write(
        `fusefault: connection ${conn} is still mounted on ${left.join(', ')}${why}\n`,
      );
      process.exitCode = 1;
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
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
        describe: 'leave the aborted connections mounted (default: lazily unmount them)',
      })
      .option('pid', {
        type: 'string',
        array: true,
        coerce: wholeNumbers('pid', 1, PID_MAX_LIMIT),
        describe: 'with --stuck: only tasks of these processes',
      })
      .example('$0 abort 42', 'abort connection 42 and lazily unmount it')
      .example('$0 abort --stuck', 'free every task stuck on a FUSE connection'),
  handler: async (argv) => {
    if (process.getuid?.() !== 0) {
      throw new UsageError('abort needs root: it writes /sys/fs/fuse/connections/N/abort');
    }
    if (argv.stuck === (argv.conn !== undefined))
      throw new UsageError('give a connection number or --stuck (one of them)');
    if (argv.pid && !argv.stuck) throw new UsageError('--pid goes with --stuck');
    if (argv.conn !== undefined) await abortOne(argv.conn, argv['keep-mounts']);
    else await abortAllStuck(argv['keep-mounts'], argv.pid);
  },
};
export default command;
