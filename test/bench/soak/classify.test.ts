import t from 'tap';
import {
  cliVerdict,
  connVerdict,
  exitAsExpected,
  type CliOutcome,
  type Expect,
} from '../../../bench/soak/classify.js';

const out = (o: Partial<CliOutcome>): CliOutcome => ({
  exitCode: 2,
  signal: null,
  stderr: 'fusefault: bad\n',
  timedOut: false,
  mounted: 0,
  ...o,
});

t.test('CLI outcomes by expected class', async (t) => {
  const table: [Expect, Partial<CliOutcome>, string][] = [
    ['usage', {}, 'ok'],
    ['usage', { stderr: 'fusefault: Invalid values:\n  Argument: x\n' }, 'wrong'],
    ['usage', { stderr: '' }, 'wrong'],
    ['usage', { exitCode: 1 }, 'wrong'],
    ['usage', { exitCode: 0, stderr: '' }, 'wrong'],
    ['usage', { mounted: 1 }, 'wrong'],
    ['usage', { exitCode: 1, stderr: 'fusefault: Error: x\n    at f (/a/b.js:1:2)\n' }, 'crash'],
    ['usage', { exitCode: 134 }, 'crash'],
    ['usage', { exitCode: null, signal: 'SIGSEGV' }, 'crash'],
    ['usage', { exitCode: null, signal: 'SIGKILL', timedOut: true }, 'hang'],
    ['ok', { exitCode: 0, stderr: '' }, 'ok'],
    ['ok', { exitCode: 2 }, 'wrong'],
    ['ok-or-fail', { exitCode: 0, stderr: '' }, 'ok'],
    ['ok-or-fail', { exitCode: 1, stderr: 'fusefault: no rule 3\n' }, 'ok'],
    ['ok-or-fail', { exitCode: 1, stderr: "fusefault: bad fault spec 'a\nb'\n" }, 'wrong'],
    ['ok-or-fail', { exitCode: 2 }, 'wrong'],
  ];
  for (const [expect, o, kind] of table)
    t.equal(cliVerdict(expect, out(o)).kind, kind, `${expect} ${JSON.stringify(o)}`);
});

t.test('control connections: one reply per line owed', async (t) => {
  const r = { replies: 3, events: 0, malformed: 0, serverClosed: false, timedOut: false };
  const owed = { replies: 3, overflow: false };
  t.equal(connVerdict('close', owed, r), 'ok');
  t.equal(connVerdict('close', owed, { ...r, events: 9 }), 'ok', 'event lines are not replies');
  t.equal(connVerdict('close', owed, { ...r, replies: 4 }), 'wrong', 'an extra reply');
  t.equal(connVerdict('close', owed, { ...r, replies: 2, serverClosed: true }), 'wrong');
  t.equal(connVerdict('close', owed, { ...r, replies: 2, timedOut: true }), 'hang');
  t.equal(connVerdict('close', owed, { ...r, malformed: 1 }), 'wrong');
  t.equal(connVerdict('half-close', owed, { ...r, serverClosed: true }), 'ok');
  t.equal(connVerdict('half-close', owed, { ...r, timedOut: true }), 'hang', 'never closed');
  const overflow = { replies: 2, overflow: true };
  t.equal(connVerdict('close', overflow, { ...r, replies: 2, serverClosed: true }), 'ok');
  t.equal(connVerdict('close', overflow, { ...r, replies: 2, timedOut: true }), 'hang');
  t.equal(connVerdict('abrupt', owed, { ...r, replies: 0, serverClosed: true }), 'ok');
});

t.test('exit of a signalled run', async (t) => {
  const e = { exitCode: null, signal: null, bailedOut: false };
  t.ok(exitAsExpected({ ...e, sent: 'SIGKILL', signal: 'SIGKILL' }));
  t.notOk(exitAsExpected({ ...e, sent: 'SIGKILL', exitCode: 0 }));
  t.ok(exitAsExpected({ ...e, sent: 'SIGINT', exitCode: 130, bailedOut: true }));
  t.notOk(exitAsExpected({ ...e, sent: 'SIGINT', exitCode: 130 }), 'no Bail out line');
  t.ok(exitAsExpected({ ...e, sent: 'SIGINT', signal: 'SIGINT' }), 'after the handlers were gone');
  t.notOk(exitAsExpected({ ...e, sent: 'SIGINT', exitCode: 1 }));
});
