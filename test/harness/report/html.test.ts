// The page's parts: a case's section tells the story before the details, a
// case without a timeline says so, and the noise is counted, not listed.
import t from 'tap';
import { caseSection, countByName, page } from '../../../harness/report/html.js';
import { storyRun } from '../../fixtures/report/story.js';

t.test('countByName: the noise counted, not listed', async (t) => {
  const rows: [string[], string][] = [
    [[], ''],
    [['mount 20'], 'mount 20'],
    [['bash 12', 'mount 20', 'bash 13'], 'bash ×2, mount 20'],
    [['python3 -c 5', 'python3 -c 6'], 'python3 -c ×2'],
  ];
  for (const [labels, want] of rows) t.equal(countByName(labels), want);
});

t.test('caseSection', async (t) => {
  const [drawn, skipped] = storyRun().cases;
  const s = caseSection(drawn!);
  t.match(s, '<h2 id="juicefs-close-interrupt">juicefs-close-interrupt</h2>');
  t.match(s, '<span class="outcome ok">none-killable</span> after 3.60 s.');
  const svgAt = s.indexOf('<svg');
  const storyAt = s.indexOf('<ol class="story">');
  const detailsAt = s.indexOf('<details>');
  t.ok(svgAt > 0 && svgAt < storyAt && storyAt < detailsAt, 'picture, story, details');
  t.match(s, '<li>write-close 812 in D from 1.25 s to 3.02 s (request_wait_answer)</li>');
  t.match(s, 'Not drawn (short-lived, never blocked or signalled): bash 810');
  t.match(caseSection(skipped!), 'No timeline was recorded for this case.');
  t.match(caseSection({ ...skipped!, summary: '<b>' }), '&#60;b&#62;', 'summaries escaped');
});

t.test('page: self-contained', async (t) => {
  const p = page('a <title>', '<p>x</p>');
  t.match(
    p,
    /^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>a &#60;title&#62;<\/title>/,
  );
  t.match(p, /<style>[^<]+<\/style>/);
  t.notMatch(p, /<script|<link|src=/);
});
