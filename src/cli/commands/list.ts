// `fusefault list`: List the cases.
import type { CommandModule } from 'yargs';

const command: CommandModule = {
  command: 'list',
  describe: 'List the cases',
  handler: () => {
    throw new Error('list: not implemented yet');
  },
};
export default command;
