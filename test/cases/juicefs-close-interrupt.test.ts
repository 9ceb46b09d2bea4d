// juicefs-close-interrupt run for real: each policy x SIGINT mode says what
// each signal did to close(), with the trace's view of the FLUSH, and the
// client is gone at the end however it went.
import t from 'tap';
import { checkCommon, runCase } from './run-case.js';

t.test('juicefs-close-interrupt', async (t) => {
  const { result } = await runCase('juicefs-close-interrupt', 280_000);
  await checkCommon(t, 'juicefs-close-interrupt', result);
  const runs = result.evidence.runs as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.equal(runs.length, 6, 'three server variants, SIGINT caught and default');
  for (const r of runs) {
    const label = `${r.variant}/${r.sigint}`;
    t.match(r.said[0], /^close: /, `${label}: ${r.said.join(', ')}`);
    t.type(r.killable, 'boolean');
    t.ok(r.clientEnd, `${label}: the client is gone at the end`);
    if (r.steps.close.kind.startsWith('blocked')) {
      t.match(
        r.steps.close.task.stack,
        ['request_wait_answer'],
        `${label}: blocked in the FUSE wait`,
      );
      t.equal(
        r.flushInTrace.length,
        1,
        `${label}: the server read the FLUSH: ${r.flushInTrace[0]}`,
      );
      t.ok(r.steps.SIGINT, `${label}: SIGINT was sent`);
    }
    // caught SIGINT: if close() came back, it says how
    const close = r.clientReports.find((x: { step: string }) => x.step === 'close');
    if (close && r.sigint === 'caught') t.ok('errno' in close || 'result' in close);
  }
});
