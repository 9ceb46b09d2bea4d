// `fusefault kernel build <recipe>...`: build (or find in the cache) the
// bzImage of a recipe kept in harness/kbuild/recipes; the matrix takes it as
// `--kernel build:<recipe>`.
import type { CommandModule } from 'yargs';
import { quote, UsageError } from '../../src/errors.js';
import { checkUnique, wholeNumber } from '../check.js';

interface Args {
  action: string;
  recipes: string[];
  jobs?: number;
}

const command: CommandModule<object, Args> = {
  command: 'kernel <action> [recipes..]',
  describe: 'Build a kernel from a recipe (fusefault kernels lists them)',
  builder: (y) =>
    y
      .positional('action', { choices: ['build'] as const, type: 'string', demandOption: true })
      .positional('recipes', { type: 'string', array: true, default: [] as string[] })
      .option('jobs', {
        type: 'string',
        coerce: wholeNumber('jobs', 1, 1024),
        describe: 'parallel compile jobs, 1 to 1024 (default: all cores)',
      })
      .example('$0 kernel build 6.1 6.1-flush-nowait', 'the control build and the patched one'),
  handler: async ({ recipes, jobs }) => {
    const { buildKernel, listRecipes } = await import('../../harness/kbuild/build.js');
    const known = listRecipes();
    const names = recipes.length ? recipes : known;
    for (const n of names) {
      if (!known.includes(n))
        throw new UsageError(`unknown kernel recipe ${quote(n)} (known: ${known.join(', ')})`);
    }
    checkUnique('recipe', names);
    for (const n of names) {
      const k = await buildKernel(n, { jobs, log: (l) => process.stderr.write(l + '\n') });
      const how = k.built ? `built in ${k.seconds} s` : 'cached';
      process.stdout.write(
        `${n}\t${k.release}\t${k.bzImage}\t(${how}, source ${k.sourceVersion})\n`,
      );
    }
  },
};
export default command;
