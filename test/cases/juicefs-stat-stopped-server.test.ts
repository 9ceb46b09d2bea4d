// juicefs-stat-stopped-server run for real: per stop method and SIGINT mode,
// what ended the stat, whether the server had read the request (trace), and
// the kernel stack the client waited in.
import t from 'tap';
import { checkCommon, runCase } from './run-case.js';

t.test('juicefs-stat-stopped-server', async (t) => {
  const { result } = await runCase('juicefs-stat-stopped-server', 280_000);
  await checkCommon(t, 'juicefs-stat-stopped-server', result);
  const runs = result.evidence.runs as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.same(
    runs.map((r) => `${r.variant}/${r.sigint}`),
    [
      'ctl-stop/caught',
      'ctl-stop/default',
      'getattr-stop/caught',
      'getattr-stop/default',
      'sigstop/caught',
      'sigstop/default',
    ],
  );
  for (const r of runs) {
    const label = `${r.variant}/${r.sigint}`;
    t.ok(
      ['SIGINT', 'SIGKILL', 'resume', 'never', 'not-blocked'].includes(r.endedBy),
      `${label}: ended by ${r.endedBy}`,
    );
    t.match(
      r.serverRead,
      /^(never read|read before the stop took effect|read after resume)$/,
      `${label}: ${r.serverRead}`,
    );
    t.equal(r.serverRead === 'never read', r.requests.length === 0, `${label}: the trace agrees`);
    if (r.endedBy !== 'not-blocked')
      t.match(r.waitedOn, ['request_wait_answer'], `${label}: waited in ${r.waitedOn?.[2]}`);
  }
  // a getattr:stop rule stops the server only once it has read the request
  for (const r of runs.filter((x) => x.variant === 'getattr-stop'))
    t.not(r.serverRead, 'never read', `${r.variant}/${r.sigint}: the rule saw the GETATTR`);
  const lookups = result.evidence.lookups as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.match(lookups.firstWaitedOn, ['request_wait_answer'], 'the first lookup waits on its request');
  t.ok(Array.isArray(lookups.secondWaitedOn), `the second waits in ${lookups.secondWaitedOn?.[0]}`);
  t.type(lookups.secondUnkillableAlone, 'boolean', 'SIGKILL to the second alone was measured');
  t.equal(lookups.said.length, 4, lookups.said.join('; '));
});
