import t from 'tap';
import { MAX_LINE } from '../../../src/control/lines.js';
import { checkRequest } from '../../../src/control/protocol.js';
import { parseFaultSpec } from '../../../src/faults/spec.js';
import {
  controlScript,
  defang,
  expectedReplies,
  NOMATCH,
  type ControlScript,
} from '../../../bench/soak/gen-control.js';

const script = (lines: string[]): ControlScript => ({
  lines,
  partial: '',
  end: 'close',
  alone: false,
});

t.test('replies owed: one per non-blank line, up to an overlong one', async (t) => {
  t.same(expectedReplies(script(['{"cmd":"list"}', 'x', '', ' \r'])), {
    replies: 2,
    overflow: false,
  });
  t.same(expectedReplies(script(['a', 'y'.repeat(MAX_LINE + 1), 'b'])), {
    replies: 2,
    overflow: true,
  });
  t.same(expectedReplies(script(['y'.repeat(MAX_LINE)])), { replies: 1, overflow: false });
});

t.test('an unfinished last line is owed a reply only when a half-close ends it', async (t) => {
  const partial = { ...script(['{"cmd":"list"}']), partial: '{"cmd":"status"}' };
  t.same(expectedReplies({ ...partial, end: 'half-close' }), { replies: 2, overflow: false });
  t.same(expectedReplies({ ...partial, end: 'close' }), { replies: 1, overflow: false });
  t.same(expectedReplies({ ...partial, end: 'half-close', partial: ' ' }), {
    replies: 1,
    overflow: false,
  });
});

t.test('defang confines every holding rule to NOMATCH and leaves the rest', async (t) => {
  for (const spec of ['flush:stall', 'read+write@/**:delay=1h,first=2', 'all:stop']) {
    const d = parseFaultSpec(defang(spec));
    t.equal(d.glob, NOMATCH, spec);
    t.equal(d.action.kind, parseFaultSpec(spec).action.kind, `${spec}: same action`);
  }
  t.equal(defang('write:errno=EIO'), 'write:errno=EIO');
  t.equal(defang('interrupts:ignore'), 'interrupts:ignore');
  t.equal(defang('flush:nap'), 'flush:nap', 'invalid stays invalid');
});

t.test('scripts are the same for a seed; a stop always comes with its resume, alone', async (t) => {
  const a = Array.from({ length: 300 }, (_, i) => controlScript(5, i));
  t.same(
    Array.from({ length: 300 }, (_, i) => controlScript(5, i)),
    a,
  );
  // what the server would take each line for
  const req = (l: string) => {
    try {
      return checkRequest(JSON.parse(l));
    } catch {
      return { error: 'not JSON' };
    }
  };
  for (const s of a) {
    const reqs = s.lines.map(req);
    const stops = reqs.some((r) => 'cmd' in r && r.cmd === 'stop');
    if (stops && !(s.alone && s.lines.at(-1) === '{"cmd":"resume"}'))
      t.fail(`a stop without its resume: ${s.lines.join(' ')}`);
    for (const r of reqs) {
      if ('cmd' in r && r.cmd === 'add' && defang(r.spec) !== r.spec)
        t.fail(`a holding rule that could match: ${r.spec.slice(0, 80)}`);
    }
  }
  t.ok(
    a.some((s) => s.alone),
    'some scripts stop the server',
  );
  t.ok(new Set(a.map((s) => s.end)).size === 3, 'every way of ending');
});
