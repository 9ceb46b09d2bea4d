// `fusefault serve <mountpoint>`: Mount a FUSE filesystem with live fault injection.
import type { CommandModule } from 'yargs';

const command: CommandModule = {
  command: 'serve <mountpoint>',
  describe: 'Mount a FUSE filesystem with live fault injection',
  handler: () => {
    throw new Error('serve: not implemented yet');
  },
};
export default command;
