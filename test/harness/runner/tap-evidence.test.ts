import t from 'tap';
import { evidenceLines, stepLines, yamlValue } from '../../../harness/runner/tap-evidence.js';

t.test('short values stay JSON; long ones become a cut string', async (t) => {
  t.equal(yamlValue({ a: 1 }), '{"a":1}');
  const long = yamlValue('x'.repeat(1000));
  t.ok(long.length < 300);
  t.match(long, /^".*\.\.\."$/);
});

t.test('a long list of runs: one line per run with its plain fields', async (t) => {
  const runs = [0, 1].map((i) => ({
    variant: `v${i}`,
    deadlock: true,
    detail: { big: 'y'.repeat(300) },
  }));
  t.same(evidenceLines({ runs }), [
    '  evidence:',
    '    "runs":',
    '      - {"variant":"v0","deadlock":true}',
    '      - {"variant":"v1","deadlock":true}',
  ]);
});

t.test('a long mapping: one line per entry, long entries by their plain fields', async (t) => {
  const v = { a: { outcome: 'cascade', trace: 'z'.repeat(300).split('') }, b: 7 };
  t.same(evidenceLines({ v }), [
    '  evidence:',
    '    "v":',
    '      "a": {"outcome":"cascade"}',
    '      "b": 7',
  ]);
  t.same(evidenceLines({}), [], 'no evidence, no block');
});

t.test('steps: one line each with how it ended, cut when long', async (t) => {
  const lines = stepLines([
    { kind: 'begin', index: 0, at: 0.1, title: 'start cp' },
    { kind: 'begin', index: 1, at: 0.2, title: 'send SIGINT to cp' },
    { kind: 'end', index: 0, at: 0.3, result: 'cp in S' },
    { kind: 'begin', index: 2, at: 0.4, title: 'x'.repeat(300) },
  ]);
  t.same(lines.slice(0, 2), ['0 start cp: cp in S', '1 send SIGINT to cp: (not ended)']);
  t.match(lines[2], /^2 x+\.\.\.$/);
  t.ok(lines[2]!.length < 250);
  t.same(stepLines([]), []);
});
