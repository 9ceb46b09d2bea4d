// `fusefault matrix`: Run cases on other kernels in a VM.
import type { CommandModule } from 'yargs';

const command: CommandModule = {
  command: 'matrix',
  describe: 'Run cases on other kernels in a VM',
  handler: () => {
    throw new Error('matrix: not implemented yet');
  },
};
export default command;
