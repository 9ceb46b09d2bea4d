// Every command, in the order `fusefault --help` lists them.
import type { CommandModule } from 'yargs';
import abort from './abort.js';
import ctl from './ctl.js';
import inspect from './inspect.js';
import kernel from './kernel.js';
import kernels from './kernels.js';
import list from './list.js';
import matrix from './matrix.js';
import run from './run.js';
import serve from './serve.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argv type
export const commands: CommandModule<any, any>[] = [
  serve,
  ctl,
  run,
  list,
  inspect,
  abort,
  matrix,
  kernels,
  kernel,
];
