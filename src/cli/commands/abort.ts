// `fusefault abort [conn]`: Abort a FUSE connection (or every one a task is stuck on).
import type { CommandModule } from 'yargs';

const command: CommandModule = {
  command: 'abort [conn]',
  describe: 'Abort a FUSE connection (or every one a task is stuck on)',
  handler: () => {
    throw new Error('abort: not implemented yet');
  },
};
export default command;
