// The report seen by a real browser: a real run of juicefs-close-interrupt
// (FLUSH held, SIGINT and SIGKILL sent, close() in D), its page written by
// `run --html` and by `report`, then opened in Debian's headless Chromium
// twice: --dump-dom (the SVG Chromium parsed holds the FLUSH request, the
// signals and the D band) and --screenshot (a PNG of the window's size).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir as tmpDir } from 'tmp-promise';
import type { RunResult } from '../../harness/runner/types.js';
import { fusefault } from '../helpers.js';

delete process.env.FUSEFAULT_CASES_DIR;

const WINDOW = [1600, 1200] as const;

// Chromium headless, in a profile of its own (other runs on the machine use theirs).
function chromium(profile: string, args: string[]) {
  return execa(
    'chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, ...args],
    { reject: false, timeout: 120_000 },
  );
}

t.test('a real run, drawn and opened in Chromium', async (t) => {
  const tmp = await tmpDir({ unsafeCleanup: true, prefix: 'fusefault-report-' });
  t.teardown(() => tmp.cleanup());
  const json = join(tmp.path, 'run.json');
  const direct = join(tmp.path, 'direct.html');
  const run = await fusefault(
    ['run', 'juicefs-close-interrupt', '--json', json, '--html', direct],
    { timeout: 300_000 },
  );
  t.not(run.exitCode, 2, String(run.stderr).split('\n')[0] ?? '');
  const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
  const c = result.cases[0]!;
  t.ok(c.recovery.clean, 'nothing left behind');
  t.ok(c.timeline, 'the case has a timeline');

  const page = join(tmp.path, 'report.html');
  const svg = join(tmp.path, 'report.svg');
  const rep = await fusefault(['report', json, '--html', page, '--svg', svg]);
  t.equal(rep.exitCode, 0, String(rep.stderr));
  t.equal(
    readFileSync(page, 'utf8'),
    readFileSync(direct, 'utf8'),
    'run --html wrote the same page',
  );
  // the SVG file on its own is well-formed XML (a stricter parser than HTML's)
  const xml = await execa(
    'python3',
    ['-c', 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])', svg],
    {
      reject: false,
    },
  );
  t.equal(xml.exitCode, 0, `the SVG parses as XML ${String(xml.stderr)}`);

  const profile = join(tmp.path, 'profile');
  const dom = await chromium(profile, ['--dump-dom', `file://${page}`]);
  t.equal(dom.exitCode, 0, 'Chromium loaded the page');
  const html = String(dom.stdout);
  t.match(html, /<svg [^>]*class="timeline"/, 'the SVG is in the DOM');
  // the held FLUSH of the "ignore" runs: stalled, an INTERRUPT ignored
  const flushes = [
    ...html.matchAll(/<g class="req op-flush[^"]*" data-op="FLUSH"[\s\S]*?<\/g>/g),
  ].map((m) => m[0]);
  t.ok(flushes.length >= 1, `FLUSH requests drawn (${flushes.length})`);
  t.ok(
    flushes.some((f) => /fault: stall/.test(f) && /INTERRUPT at [\d.]+ s: ignore/.test(f)),
    'a stalled FLUSH whose INTERRUPT was ignored',
  );
  for (const sig of ['SIGINT', 'SIGKILL'])
    t.match(html, `<g class="signal" data-signal="${sig}">`, `${sig} marked`);
  const dBands = [...html.matchAll(/<rect class="band state-D"[^>]*><title>([^<]*)<\/title>/g)].map(
    (m) => m[1]!,
  );
  t.ok(
    dBands.some((b) => b.startsWith('write-close') && b.includes('fuse_flush')),
    `close() in D in fuse_flush (${dBands.length} D bands)`,
  );

  const png = join(tmp.path, 'report.png');
  const shot = await chromium(profile, [
    '--hide-scrollbars',
    `--window-size=${WINDOW.join(',')}`,
    `--screenshot=${png}`,
    `file://${page}`,
  ]);
  t.equal(shot.exitCode, 0, 'Chromium took the screenshot');
  const bytes = readFileSync(png);
  t.same([...bytes.subarray(1, 4)], [...Buffer.from('PNG')], 'a PNG');
  // IHDR: width and height, big-endian, at bytes 16 and 20
  t.same([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [...WINDOW], 'of the window size');
});
