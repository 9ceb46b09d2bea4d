// `fusefault list`: List the cases, one line each: id, title, requirements.
import type { CommandModule } from 'yargs';
import { loadCases } from '../../harness/runner/discover.js';
import { requirementWords } from '../../harness/runner/requirements.js';

const command: CommandModule = {
  command: 'list',
  describe: 'List the cases',
  builder: (y) =>
    y
      .example('$0 list', 'every case: id, title, what it needs')
      .example('$0 run $($0 list | cut -d" " -f1 | grep netflix)', 'run the cases picked from it'),
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
