// Which files a report writes, and the mistakes refused before any is.
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportInput } from '../../../harness/report/load.js';
import { cellFile } from '../../../harness/report/matrix-page.js';
import { checkOutputs, writeReport } from '../../../harness/report/write.js';
import type { MatrixRecord } from '../../../harness/vm/records.js';
import { storyRun, storyTimeline } from '../../fixtures/report/story.js';

const run: ReportInput = { kind: 'run', run: storyRun() };
const record = (kernel: string, c: string, withTimeline: boolean): MatrixRecord => ({
  kernel,
  release: '6.1.0',
  case: c,
  outcome: withTimeline ? 'deadlock' : 'TIMEOUT',
  evidence: 'said <so>',
  ok: withTimeline,
  facts: null,
  boots: 1,
  ...(withTimeline ? { timeline: storyTimeline() } : {}),
});
const matrix: ReportInput = {
  kind: 'matrix',
  matrix: {
    startedAt: 'now',
    accel: 'tcg',
    cases: ['a', 'b'],
    kernels: [],
    records: [
      record('debian:sid', 'a', true),
      record('debian:sid', 'b', false),
      record('build:6.1', 'a', true),
    ],
  },
};

t.test('checkOutputs refuses', async (t) => {
  const twoTimelines: ReportInput = {
    kind: 'run',
    run: { ...storyRun(), cases: [storyRun().cases[0]!, { ...storyRun().cases[0]!, id: 'other' }] },
  };
  const rows: [string, ReportInput, Parameters<typeof checkOutputs>[1], RegExp][] = [
    ['nothing to write', run, {}, /^say what to write: --html FILE and\/or --svg FILE$/],
    ['--svg of a matrix', matrix, { svg: 'x.svg' }, /^--svg draws one case of a run/],
    [
      '--case with a matrix',
      matrix,
      { html: 'x.html', caseId: 'a' },
      /^--case picks a case of a run/,
    ],
    [
      '--case not in the run',
      run,
      { svg: 'x.svg', caseId: 'nope' },
      /^--case 'nope' is not in the results/,
    ],
    [
      '--case without a timeline',
      run,
      { svg: 'x.svg', caseId: 'etxtbsy-after-exit' },
      /has no timeline/,
    ],
    [
      '--svg, two cases drawn',
      twoTimelines,
      { svg: 'x.svg' },
      /^--svg draws one case: name it with --case \(juicefs-close-interrupt other\)$/,
    ],
  ];
  for (const [name, input, out, says] of rows)
    t.throws(() => checkOutputs(input, out), { name: 'UsageError', message: says }, name);
  t.doesNotThrow(() => checkOutputs(run, { svg: 'x.svg' }), 'the only case with a timeline');
});

t.test('a run: the page and the SVG', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const html = join(dir, 'r.html');
  const svg = join(dir, 'r.svg');
  t.same(writeReport(run, { html, svg }), [html, svg]);
  const page = readFileSync(html, 'utf8');
  t.match(page, /^<!DOCTYPE html>/);
  t.notMatch(page, /<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no script, nothing fetched');
  t.match(page, '<li>FLUSH /cp read at 0.41 s (fault: stall), never answered</li>');
  t.match(page, 'No timeline was recorded for this case.', 'the skipped case says so');
  t.match(readFileSync(svg, 'utf8'), /^<\?xml version="1.0" encoding="utf-8"\?>\n<svg /);
});

t.test('a matrix: the page links the cells that have a timeline', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'index.html');
  writeReport(matrix, { html: file });
  t.same(readdirSync(dir).sort(), [
    'index-build_6.1-a.html',
    'index-debian_sid-a.html',
    'index.html',
  ]);
  t.equal(cellFile('index', { kernel: 'debian:sid', case: 'a' }), 'index-debian_sid-a.html');
  const page = readFileSync(file, 'utf8');
  t.match(
    page,
    '<td class="ok" title="said &#60;so&#62;"><a href="index-debian_sid-a.html">deadlock</a></td>',
  );
  t.match(page, '<td class="bad" title="said &#60;so&#62;">TIMEOUT</td>', 'no timeline: no link');
  t.match(page, '<th>debian:sid<br><small>6.1.0</small></th>');
  t.ok(existsSync(join(dir, 'index-build_6.1-a.html')));
  t.match(readFileSync(join(dir, 'index-build_6.1-a.html'), 'utf8'), '<h1>a on build:6.1</h1>');
});
