// Every command, in the order `fusefault --help` lists them. Each is loaded
// only when it is the one asked for: importing all of them costs about 0.5 s
// per start here and ten times that in a TCG guest, and every case starts
// `fusefault serve` several times.
import type { CommandModule } from 'yargs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argv type
type AnyCommand = CommandModule<any, any>;
const load = (m: Promise<{ default: AnyCommand }>) => m.then((x) => x.default);

const LOADERS: Record<string, () => Promise<AnyCommand>> = {
  serve: () => load(import('./serve.js')),
  ctl: () => load(import('./ctl.js')),
  run: () => load(import('./run.js')),
  demo: () => load(import('./demo.js')),
  list: () => load(import('./list.js')),
  inspect: () => load(import('./inspect.js')),
  abort: () => load(import('./abort.js')),
  matrix: () => load(import('./matrix.js')),
  kernels: () => load(import('./kernels.js')),
  kernel: () => load(import('./kernel.js')),
  lava: () => load(import('./lava.js')),
  report: () => load(import('./report.js')),
  check: () => load(import('./check-fs.js')),
};

/** Every command's name, in help order. */
export const COMMAND_NAMES: readonly string[] = Object.keys(LOADERS);

/** The module of the command named first in ARGV, or every one (for help and for mistakes). */
export async function commandsFor(argv: string[]): Promise<AnyCommand[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  const only = first === undefined ? undefined : LOADERS[first];
  if (only) return [await only()];
  return Promise.all(Object.values(LOADERS).map((l) => l()));
}
