// `fusefault inspect`: every task on the machine in D state with its kernel stack,
// wait channel, signals, pid namespace and the FUSE connection it (probably) waits
// on, read from /proc directly.
import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { ensureFusectl, listConnections } from '../../mount/fusectl.js';
import { blockedReads } from '../../../harness/proc/read.js';
import { formatStuckReport } from '../../../harness/proc/report.js';
import { findStuckTasks } from '../../../harness/proc/stuck.js';

interface Args {
  json: boolean;
  pid?: string[];
}

// PID_MAX_LIMIT (include/linux/threads.h): no kernel hands out a larger pid
const PID_MAX_LIMIT = 4 * 1024 * 1024;

// --pid values as process ids; a UsageError for anything else, or for --pid alone.
function checkPids(values: string[] | undefined): number[] | undefined {
  if (values === undefined) return undefined;
  if (values.length === 0) throw new UsageError('--pid needs a process id');
  return values.map((v) => {
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(n >= 1 && n <= PID_MAX_LIMIT))
      throw new UsageError(`--pid takes process ids (1 to ${PID_MAX_LIMIT}), not ${v}`);
    return n;
  });
}

const command: CommandModule<object, Args> = {
  command: 'inspect',
  describe: 'Show every task in D state with its stack, signals and FUSE connection',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of text' })
      .option('pid', { type: 'string', array: true, describe: 'only tasks of these processes' })
      .example('$0 inspect', 'what is stuck, and on which FUSE connection'),
  handler: async ({ json, pid: pidArgs }) => {
    const pid = checkPids(pidArgs);
    // without fusectl there are no waiting counts; mounting it needs root, so a
    // failure only leaves the counts out
    const fusectl = await ensureFusectl().then(
      () => true,
      () => false,
    );
    const tasks = await findStuckTasks(pid ? { pids: pid } : {});
    const connections = fusectl ? await listConnections().catch(() => null) : null;
    const text = json
      ? `${JSON.stringify({ tasks, connections }, null, 2)}\n`
      : formatStuckReport(tasks, connections);
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
    // a /proc read still blocked on a stuck task's lock would keep us alive
    if (blockedReads() > 0) process.exit(process.exitCode ?? 0);
  },
};
export default command;
