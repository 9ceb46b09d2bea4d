// `fusefault list`: List the cases, one line each: id, title, requirements.
import type { CommandModule } from 'yargs';
import { loadCases } from '../../../harness/runner/discover.js';
import { requirementWords } from '../../../harness/runner/requirements.js';

const command: CommandModule = {
  command: 'list',
  describe: 'List the cases',
  handler: async () => {
    const cases = await loadCases();
    const width = Math.max(0, ...cases.map((c) => c.id.length));
    for (const c of cases) {
      process.stdout.write(
        `${c.id.padEnd(width)}  ${c.def.title}  [${requirementWords(c.def.requires)}]\n`,
      );
    }
  },
};
export default command;
