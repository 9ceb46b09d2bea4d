// `fusefault ctl <socket> <command> [args..]`: Talk to a running serve over its control socket.
import type { CommandModule } from 'yargs';

const command: CommandModule = {
  command: 'ctl <socket> <command> [args..]',
  describe: 'Talk to a running serve over its control socket',
  handler: () => {
    throw new Error('ctl: not implemented yet');
  },
};
export default command;
