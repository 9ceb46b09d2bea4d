// The steps between a case and the runner, with a fixture case that announces
// three steps on a sleeper: they come back in the result (JSON and a TAP list),
// a live listener is told each one in order and paces them, and a deadline
// that passes while a step is paused still ends the case and recovers it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { dir } from 'tmp-promise';
import { fusefault } from '../../helpers.js';
import type { LiveListener } from '../../../harness/runner/live.js';
import { runCases } from '../../../harness/runner/run.js';
import type { StepEvent } from '../../../harness/runner/steps.js';
import type { CaseResult, RunResult } from '../../../harness/runner/types.js';
import { monotonic } from '../../../src/trace/types.js';

process.env.FUSEFAULT_CASES_DIR = fileURLToPath(
  new URL('../../fixtures/cases-steps/', import.meta.url),
);

const kinds = (events: StepEvent[] | undefined) =>
  (events ?? []).map((e) => `${e.kind} ${e.index}`);

// One in-process run of the fixture `steps` with LIVE, its output kept.
async function runSteps(live: LiveListener, timeoutScale = 1) {
  const out: string[] = [];
  const code = await runCases({
    ids: ['steps'],
    expect: [],
    timeoutScale,
    live,
    out: (l) => out.push(l),
    err: (l) => out.push(l),
  });
  return { code, out };
}

t.test('fusefault run keeps the steps: JSON events, TAP one line each', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const file = join(d.path, 'run.json');
  const r = await fusefault(['run', 'steps', '--json', file]);
  t.equal(r.exitCode, 0, String(r.stderr));
  const [c] = (JSON.parse(readFileSync(file, 'utf8')) as RunResult).cases;
  t.same(kinds(c?.steps), ['begin 0', 'end 0', 'begin 1', 'end 1', 'begin 2', 'end 2']);
  t.match(c?.steps?.[2], { title: 'send SIGSTOP to the sleeper', watch: [c?.evidence.pid] });
  t.match(c?.steps?.[1], { result: /in S$/, data: { state: 'S', nodeid: '1' } });
  const at = (c?.steps ?? []).map((e) => e.at);
  t.same(
    at,
    [...at].sort((a, b) => a - b),
    'times in order, on the timeline clock',
  );
  t.ok(
    at.every((x) => x >= 0 && x <= (c?.timeline?.end ?? 0)),
    'within the timeline',
  );
  t.match(
    String(r.stdout),
    /^ {2}steps:\n {4}- "0 start a sleeper: sleeper \d+ in S"\n {4}- "1 send SIGSTOP/m,
  );
});

t.test('a live listener is told everything in order and paces each step', async (t) => {
  const seen: string[] = [];
  const released: number[] = [];
  let result: CaseResult | undefined;
  const { code } = await runSteps({
    started: (c, pid) => seen.push(`started ${c.id} ${pid > 0}`),
    step: (e) => seen.push(`${e.kind} ${e.index}`),
    signal: (s) => seen.push(`signal ${s.signal}`),
    pace: async (b) => {
      seen.push(`pace ${b.index}`);
      released[b.index] = monotonic();
    },
    result: (r) => {
      seen.push('result');
      result = r;
    },
  });
  t.equal(code, 0);
  t.same(seen, [
    'started steps true',
    'begin 0',
    'pace 0',
    'end 0',
    'begin 1',
    'pace 1',
    'signal SIGSTOP',
    'end 1',
    'begin 2',
    'pace 2',
    'signal SIGCONT',
    'end 2',
    'result',
  ]);
  const begun = result?.evidence.begun as { index: number; at: number }[];
  for (const b of begun)
    t.ok(b.at >= released[b.index]!, `step ${b.index} began after its pace released it`);
});

t.test('the deadline passes while a step is paused: timeout, said so, recovered', async (t) => {
  let paceAborted = false;
  let result: CaseResult | undefined;
  const { code } = await runSteps(
    {
      // step 0 goes at once; step 1 waits for a viewer who never comes
      pace: (b, { signal }) =>
        b.index === 0
          ? Promise.resolve()
          : new Promise((res) =>
              signal.addEventListener(
                'abort',
                () => {
                  paceAborted = true;
                  res();
                },
                { once: true },
              ),
            ),
      result: (r) => (result = r),
    },
    // a 10 s deadline: time for the child to start on a loaded machine and
    // reach step 1, where it stays
    0.5,
  );
  t.equal(code, 1, 'not ok');
  t.equal(result?.outcome, 'timeout');
  t.match(
    result?.error,
    /^no result after 10000 ms \(paused at step 1 "send SIGSTOP to the sleeper" for \d+\.\d s, waiting for the viewer: the deadline counts the pause\)$/,
  );
  t.ok(paceAborted, 'the pause was cancelled');
  t.same(kinds(result?.steps), ['begin 0', 'end 0', 'begin 1'], 'step 1 never ran');
  t.equal(result?.recovery.clean, true, 'recovered');
  t.ok(
    result?.recovery.actions.some((a) => /^killed \d+ \(sleep\)$/.test(a)),
    'the sleeper killed',
  );
  const sleeper = result?.timeline?.processes.find((p) => p.label === 'sleep');
  const states = sleeper?.tasks[0]?.changes.map((c) => c.state) ?? [];
  t.ok(states.length > 0, 'the sleeper was sampled');
  t.notOk(states.includes('T'), `never stopped (${states.join(' ')})`);
});
