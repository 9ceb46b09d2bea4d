// `fusefault run [cases..]`: Run cases on the kernel of this machine (TAP on stdout).
import type { CommandModule } from 'yargs';

const command: CommandModule = {
  command: 'run [cases..]',
  describe: 'Run cases on the kernel of this machine (TAP on stdout)',
  handler: () => {
    throw new Error('run: not implemented yet');
  },
};
export default command;
