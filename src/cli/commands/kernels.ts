// `fusefault kernels`: List cached kernels and known build recipes.
import type { CommandModule } from 'yargs';

const command: CommandModule = {
  command: 'kernels',
  describe: 'List cached kernels and known build recipes',
  handler: () => {
    throw new Error('kernels: not implemented yet');
  },
};
export default command;
