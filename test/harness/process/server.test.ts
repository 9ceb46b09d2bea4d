// startServer against the real compiled `fusefault serve`: the handle's pids,
// connection and control socket match what /proc and the kernel say, also
// when the server runs below a shell init in a pid namespace of its own.
import t from 'tap';
import { statSync, writeFileSync } from 'node:fs';
import { readMountinfo, mountOf, connectionOf } from '../../../src/mount/mountinfo.js';
import { nsPids, pidNamespace } from '../../../harness/process/pids.js';
import { parseReady, startServer } from '../../../harness/process/server.js';
import { waitForExit } from '../../../harness/wait.js';
import { testContext } from './context.js';

t.test('parseReady reads every field of the line serve prints', async (t) => {
  t.same(parseReady('ready conn=52 mountpoint=/m control=/s pid=10'), {
    conn: 52,
    mountpoint: '/m',
    control: '/s',
    pid: 10,
  });
  t.equal(parseReady('holding /x'), undefined);
  // strict: a field more, a field less or a pid that is not a number is another line
  t.equal(parseReady('ready conn=52 mountpoint=/m control=/s pid=10 reader=-'), undefined);
  t.equal(parseReady('ready conn=52 mountpoint=/m pid=10'), undefined);
  t.equal(parseReady('ready conn=52 mountpoint=/m control=/s pid=-'), undefined);
});

t.test('a plain server: pids, connection, control and trace', async (t) => {
  const ctx = testContext(t);
  const srv = await startServer(ctx, { holdOpenCreate: ['/held'] });
  t.equal(srv.pid, srv.proc.pid, 'the serving process is the one spawned');
  t.equal(srv.pid, srv.printed.pid);
  const m = mountOf(await readMountinfo(), srv.mountpoint);
  t.equal(m?.mountpoint, srv.mountpoint, 'mounted');
  t.equal(connectionOf(m!), srv.conn, 'conn is the mount device minor');
  writeFileSync(`${srv.mountpoint}/f`, 'abc');
  t.equal(statSync(`${srv.mountpoint}/f`).size, 3, 'the mount serves');
  const st = await srv.ctl({ cmd: 'status' });
  t.equal(st.ok && st.status?.conn, srv.conn, 'control socket answers');
  await new Promise((r) => setTimeout(r, 300)); // the trace is flushed every 100 ms
  const ops = srv.events().flatMap((e) => (e.ev === 'request' ? [e.op] : []));
  t.ok(ops.includes('init') && ops.includes('write'), 'trace has the requests');
  t.match(srv.stderr.lines.join('\n'), /holding \/held open/, 'the held file is reported');
  srv.proc.kill('SIGTERM');
  const end = await srv.proc;
  t.equal(end.exitCode, 0, 'SIGTERM ends it cleanly');
  const left = (await readMountinfo()).filter((x) => x.mountpoint === srv.mountpoint);
  t.same(left, [], 'SIGTERM unmounted it');
});

t.test('a server below an init in a new pid namespace', async (t) => {
  const ctx = testContext(t);
  const srv = await startServer(ctx, { inPidNs: true });
  t.ok(srv.ns, 'namespace handle');
  t.equal(nsPids(srv.pid).at(-1), srv.printed.pid, 'our pid maps to the pid it printed');
  t.equal(nsPids(srv.pid).at(-1), 2, 'the server is pid 2, below the shell init');
  t.equal(pidNamespace(srv.pid), srv.ns!.ns);
  t.ok(statSync(srv.mountpoint).isDirectory(), 'the mount serves');
  process.kill(srv.ns!.initPid, 'SIGKILL');
  await waitForExit(srv.pid, { timeoutMs: 10_000 });
  t.pass('killing init took the server down');
});

t.test('the fuse-native backend behind the same handle', async (t) => {
  const ctx = testContext(t);
  const srv = await startServer(ctx, { backend: 'fuse-native' });
  const st = await srv.ctl({ cmd: 'status' });
  t.equal(st.ok && st.status?.backend, 'fuse-native', 'the server says which backend');
  t.ok(statSync(srv.mountpoint).isDirectory(), 'the mount serves');
  srv.proc.kill('SIGTERM');
  t.equal((await srv.proc).exitCode, 0);
});

t.test('a server that refuses its options fails startServer with its message', async (t) => {
  const ctx = testContext(t);
  await t.rejects(
    startServer(ctx, { faults: ['nonsense:stall'] }),
    /did not get ready: .*fusefault/,
  );
});
