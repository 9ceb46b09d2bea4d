// `fusefault report RESULTS.json --html FILE`: the timeline of a run (or the
// page of a matrix) from the JSON that `run --json` or `matrix --json` wrote.
import type { Argv, CommandModule } from 'yargs';
import { loadReportInput } from '../../harness/report/load.js';
import { checkOutputs, writeReport } from '../../harness/report/write.js';
import { quote, UsageError } from '../../src/errors.js';
import { checkWritableFile, oneText } from '../check.js';

interface Args {
  results: string;
  html?: string;
  svg?: string;
  case?: string;
}

const command: CommandModule<object, Args> = {
  command: 'report <results>',
  describe: 'Draw the timeline of a run (or the matrix page) from its JSON',
  builder: (y) =>
    y
      .positional('results', {
        type: 'string',
        demandOption: true,
        describe: 'the JSON of `fusefault run --json` or `fusefault matrix --json`',
      })
      .option('html', {
        type: 'string',
        coerce: oneText('html'),
        describe: 'write a self-contained HTML page (a matrix: cell pages beside it)',
      })
      .option('svg', {
        type: 'string',
        coerce: oneText('svg'),
        describe: "write one case's timeline as an SVG",
      })
      .option('case', {
        type: 'string',
        coerce: oneText('case'),
        describe: 'the case --svg draws, when the run has several',
      })
      .example('$0 report results.json --html run.html', 'the timeline of every case')
      .example(
        '$0 report matrix.json --html matrix/index.html',
        'kernels x cases, linked',
      ) as Argv<Args>,
  handler: (argv) => {
    const out = { html: argv.html, svg: argv.svg, caseId: argv.case };
    if (out.html !== undefined) checkWritableFile('html', out.html);
    if (out.svg !== undefined) checkWritableFile('svg', out.svg);
    if (out.html !== undefined && out.html === out.svg)
      throw new UsageError(`--html and --svg name the same file ${quote(out.html)}`);
    if (out.html === undefined && out.svg === undefined)
      throw new UsageError('say what to write: --html FILE and/or --svg FILE');
    const input = loadReportInput(argv.results);
    checkOutputs(input, out);
    for (const f of writeReport(input, out)) process.stdout.write(`wrote ${f}\n`);
  },
};
export default command;
