// `fusefault inspect`: Show every task in D state with its stack, signals and FUSE connection.
import type { CommandModule } from 'yargs';

const command: CommandModule = {
  command: 'inspect',
  describe: 'Show every task in D state with its stack, signals and FUSE connection',
  handler: () => {
    throw new Error('inspect: not implemented yet');
  },
};
export default command;
