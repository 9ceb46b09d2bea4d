// `fusefault inspect`: every task on the machine in D state with its kernel stack,
// wait channel, signals, pid namespace and the FUSE connection it (probably) waits
// on, read from /proc directly.
import type { CommandModule } from 'yargs';
import { PID_MAX_LIMIT, wholeNumbers } from '../check.js';
import { ensureFusectl, listConnections } from '../../src/mount/fusectl.js';
import { blockedReads } from '../../harness/proc/read.js';
import { formatStuckReport } from '../../harness/proc/report.js';
import { findStuckTasks } from '../../harness/proc/stuck.js';

interface Args {
  json: boolean;
  pid?: number[];
}

const command: CommandModule<object, Args> = {
  command: 'inspect',
  describe: 'Show every task in D state with its stack, signals and FUSE connection',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of text' })
      .option('pid', {
        type: 'string',
        array: true,
        coerce: wholeNumbers('pid', 1, PID_MAX_LIMIT),
        describe: 'only tasks of these processes',
      })
      .example('$0 inspect', 'what is stuck, and on which FUSE connection'),
  handler: async ({ json, pid }) => {
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
