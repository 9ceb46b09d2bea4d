// `fusefault kernel <action>`: Build or fetch a kernel.
import type { CommandModule } from 'yargs';

const command: CommandModule = {
  command: 'kernel <action>',
  describe: 'Build or fetch a kernel',
  handler: () => {
    throw new Error('kernel: not implemented yet');
  },
};
export default command;
