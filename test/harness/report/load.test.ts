// What `fusefault report` accepts: a run's JSON or a matrix's; anything else
// is refused in one line naming the file.
import t from 'tap';
import { loadReportInput, parseReportInput } from '../../../harness/report/load.js';
import { UsageError } from '../../../src/errors.js';
import { storyRun } from '../../fixtures/report/story.js';

t.test('refused', async (t) => {
  const tl = (version: unknown) => ({
    ...storyRun(),
    cases: [{ ...storyRun().cases[0], timeline: { version } }],
  });
  const rows: [string, string, RegExp][] = [
    ['not JSON', '{"kernel":', /^'f.json' is not JSON$/],
    ['an array', '[]', /^'f.json' is not the JSON of fusefault run --json or matrix --json$/],
    ['a trace line', '{"ev":"request","ts":1}', /is not the JSON of fusefault run/],
    [
      'cases without outcomes',
      '{"kernel":{},"cases":[{"id":"x"}]}',
      /is not the JSON of fusefault run/,
    ],
    ['records without cases', '{"records":[{"outcome":"x"}]}', /is not the JSON of fusefault run/],
    [
      'a newer timeline',
      JSON.stringify(tl(2)),
      /^'f.json': a timeline of version 2 \(this fusefault reads version 1\)$/,
    ],
    [
      'a timeline that is not one',
      JSON.stringify(tl(undefined)),
      /a timeline of version undefined/,
    ],
  ];
  for (const [name, text, says] of rows)
    t.throws(() => parseReportInput('f.json', text), { name: 'UsageError', message: says }, name);
  t.throws(
    () => loadReportInput('/nonexistent/r.json'),
    new UsageError("cannot read '/nonexistent/r.json' (ENOENT)"),
  );
});

t.test('accepted', async (t) => {
  const run = parseReportInput('r.json', JSON.stringify(storyRun()));
  t.equal(run.kind, 'run');
  const matrix = {
    startedAt: 'x',
    accel: 'tcg',
    cases: [],
    kernels: [],
    records: [{ kernel: 'k', case: 'c', outcome: 'o' }],
  };
  t.equal(parseReportInput('m.json', JSON.stringify(matrix)).kind, 'matrix');
});
