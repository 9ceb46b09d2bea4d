// --request-timeout: the kernel aborts the connection when a request waits too
// long (Linux 6.15+, FUSE_REQUEST_TIMEOUT). Short timeouts are raised to the
// kernel's 15 s timer period, so it fires after 15 to 30 s (30.4 s measured on
// 6.18). On an older kernel serve says it cannot.
import t from 'tap';
import type { TraceEvent } from '../../src/trace/types.js';
import { startClient } from '../engine/client.js';
import { assertMachineClean, waitFor, withServe } from '../fuse-helpers.js';

t.test('a stalled request past the request timeout aborts the connection', async (t) => {
  let mnt = '';
  const pids: number[] = [];
  await withServe({ faults: ['getattr:stall'], args: ['--request-timeout', '1'] }, async (srv) => {
    mnt = srv.mountpoint;
    const init = (await waitFor(() => srv.readTrace().find((e) => e.ev === 'init'))) as Extract<
      TraceEvent,
      { ev: 'init' }
    >;
    if (init.requestTimeout === undefined) {
      t.match(srv.stderr(), /does not offer FUSE_REQUEST_TIMEOUT/, 'said so on stderr');
      return;
    }
    t.equal(init.requestTimeout, 1);
    const t0 = Date.now();
    const c = startClient('statx-sync', mnt);
    pids.push(c.pid);
    t.equal(await c.exited, 1);
    t.match(c.lines, [/^errno (ECONNABORTED|ENOTCONN)$/], 'the waiting stat failed');
    t.match(await srv.exited, { code: 1 });
    t.match(
      srv.stderr(),
      /connection \d+ was aborted \(from outside, or by the kernel after a request waited over 1 s\)/,
    );
    const s = (Date.now() - t0) / 1000;
    t.ok(s >= 1, `the kernel aborted after ${s.toFixed(1)} s, not before the 1 s asked for`);
  });
  assertMachineClean(t, { mountpoint: mnt, pids });
});
