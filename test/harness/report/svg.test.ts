// The SVG of a fixed timeline: the elements a reader (and Chromium's DOM)
// finds, placed on the time scale, with every recorded name escaped.
import t from 'tap';
import { pxPerSecond, tickStep, timelineSvg } from '../../../harness/report/svg.js';
import { timelineModel } from '../../../harness/report/timeline-model.js';
import { storyTimeline } from '../../fixtures/report/story.js';

t.test('scale: about 1200 px for the run, within bounds; ticks 70 px or more apart', async (t) => {
  const rows: [number, number][] = [
    [1, 800],
    [3.5, 1200 / 3.5],
    [30, 40],
    [60, 20],
    [600, 20],
  ];
  for (const [end, k] of rows) t.equal(pxPerSecond(end), k, `end ${end}`);
  const ticks: [number, number][] = [
    [800, 0.1],
    [314, 0.5],
    [40, 2],
    [1, 120],
    [0.1, 600],
  ];
  for (const [k, step] of ticks) t.equal(tickStep(k), step, `${k} px/s`);
});

t.test('the story drawn', async (t) => {
  const svg = timelineSvg(timelineModel(storyTimeline()), 'juicefs <close>');
  const k = pxPerSecond(3.5);
  const x = (s: number) => (340 + s * k).toFixed(1);
  t.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  t.match(svg, '<title>juicefs &#60;close&#62;</title>', 'the title escaped');
  // the D band of cp from 1.25 s, with its stack and pending signal on hover
  const d = svg.match(/<rect class="band state-D"[^>]*><title>([^<]*)<\/title>/);
  t.ok(d, 'a D band');
  t.match(d![0], `x="${x(1.25)}"`);
  t.match(
    d![1],
    /^write-close 812: D \(disk sleep \(uninterruptible\)\) 1.25 s - 3.02 s\npending: SIGINT\nrequest_wait_answer\n/,
  );
  // the FLUSH: open-ended, with an INTERRUPT marker at 1.2 s
  const flush = svg.match(
    /<g class="req op-flush unanswered" data-op="FLUSH" data-unique="18">[\s\S]*?<\/g>/,
  );
  t.ok(flush, 'the FLUSH, unanswered');
  t.match(flush![0], `<rect x="${x(0.41)}"`);
  t.match(flush![0], 'FLUSH never answered');
  t.match(flush![0], /<path class="interrupt"[^>]*><title>INTERRUPT at 1.20 s: ignore<\/title>/);
  t.match(
    svg,
    /<g class="signal" data-signal="SIGINT"><title>SIGINT sent to pid 812 at 1.20 s<\/title>/,
  );
  t.match(svg, '<g class="lane" data-pid="812" data-tid="812">');
  t.notMatch(svg, 'data-pid="810"', 'the short-lived shell gets no lane');
  t.match(svg, '>serve flush:stall</text>', 'the server named beside its requests');
  t.match(svg, 'D disk sleep (uninterruptible)', 'the legend');
});
