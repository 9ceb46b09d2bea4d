// The uffd-fault client on its own: a served run answers every fault with the
// server's page, and an unserved one leaves each fault kind asleep in
// handle_userfault until its server, holding the last uffd reference, dies.
import t from 'tap';
import { runClient, startClient, type ClientReport } from '../../../harness/clients/index.js';
import { readTask } from '../../../harness/proc/task.js';
import { waitFor } from '../../../harness/wait.js';

const KINDS = ['user', 'copy', 'gup'];
const returned = (rs: ClientReport[], kind: string) =>
  rs.find((r) => r.step === kind && r.syscall === 'page-fault' && !r.enter);
const valueOf = (rs: ClientReport[], kind: string) => returned(rs, kind)?.detail?.value;

t.test('--serve: every fault gets the server page', async (t) => {
  const res = await runClient('uffd-fault', ['--serve']);
  if (res.exitCode === 3)
    return t.plan(0, `no userfaultfd here: ${JSON.stringify(res.reports.at(-1))}`);
  t.equal(res.exitCode, 0, res.stderr);
  const msgs = res.reports.filter((r) => r.step === 'fault-msg');
  t.equal(msgs.length, KINDS.length, 'one uffd_msg per fault');
  t.same(
    KINDS.map((k) => valueOf(res.reports, k)),
    [0x5a, 0x70, 0x5a],
    'user and gup read the served page; copy wrote the pipe data over it',
  );
  t.equal(res.reports.at(-1)?.step, 'exit', 'the last line announces the exit');
});

t.test('--handover: the faults wait until the server dies, then see a zero page', async (t) => {
  const c = startClient('uffd-fault', ['--handover']);
  let over = false;
  void c.done.then(() => (over = true));
  t.teardown(() => (over ? undefined : c.kill('SIGKILL'))); // never leave a fault asleep
  const ready = await c.waitFor((r) => r.step === 'ready' || !!r.errno);
  if (ready.step !== 'ready') return t.plan(0, `no userfaultfd here: ${ready.errno}`);
  t.equal(ready.detail?.uffd, null, 'the faulting process kept no uffd');
  const server = Number(ready.detail?.server);
  const tids = await Promise.all(
    KINDS.map(async (k) => Number((await c.waitFor((r) => r.step === k && !!r.enter)).detail?.tid)),
  );
  const states = await waitFor(
    async () => {
      const ts = await Promise.all(tids.map((tid) => readTask(c.pid, tid)));
      const asleep = ts.every((x) => x?.stack?.[0] === 'handle_userfault');
      return asleep && ts.map((x) => x!.state);
    },
    { timeoutMs: 5000, stableMs: 200, what: 'every fault asleep in handle_userfault' },
  );
  t.same(states, ['S', 'S', 'D'], 'user and copy sleep interruptibly, gup killable');
  t.notOk(
    KINDS.some((k) => returned(c.reports, k)),
    'no fault returned while the server lived',
  );
  process.kill(server, 'SIGKILL');
  const res = await c.done;
  t.equal(res.exitCode, 0, res.stderr);
  t.same(
    KINDS.map((k) => valueOf(res.reports, k)),
    [0, 0x70, 0],
    'userfaultfd_release unregistered the range: a fresh anonymous page',
  );
  t.equal(
    res.reports.find((r) => r.step === 'server-exit')?.detail?.signal,
    'SIGKILL',
    'it reaped the server, killed by SIGKILL',
  );
});
