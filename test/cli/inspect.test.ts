// `fusefault inspect` on a real stuck task (a FUSE mount that never answers INIT).
import t from 'tap';
import { fusefault, fusefaultAsNobody } from '../helpers.js';
import { makeStuckFuse } from '../harness/proc/stuck-fuse.js';
import { waitForExit, waitForTaskState } from '../../harness/wait.js';

// O_PATH open of the mount root needs no request; the lookup under it waits.
const OPEN_THEN_STAT =
  'import os, sys\nfd = os.open(sys.argv[1], os.O_PATH)\nos.dup2(fd, 7)\nos.close(fd)\nos.stat("x", dir_fd=7)';

t.test('shows the stuck task with stack, signals and its FUSE connection', async (t) => {
  const fuse = await makeStuckFuse();
  t.teardown(() => fuse.release());
  const client = fuse.client('python3', ['-c', OPEN_THEN_STAT, fuse.mountpoint]);
  const pid = client.pid!;
  await waitForTaskState(pid, pid, 'D', { stableMs: 100, timeoutMs: 10_000 });
  process.kill(pid, 'SIGSTOP'); // a stop signal stays pending while the task sleeps in D

  const text = await fusefault(['inspect']);
  t.equal(text.exitCode, 0, text.stderr);
  t.match(text.stdout, /^\d+ tasks? in D state$/m);
  t.match(
    text.stdout,
    new RegExp(`python3  pid ${pid}  tid ${pid}  ppid ${process.pid}  state D \\(disk sleep\\)`),
  );
  t.match(text.stdout, /stack +fuse_get_req\n +__fuse_simple_request/);
  t.match(text.stdout, /pending - {2}shared SIGSTOP/);
  t.match(
    text.stdout,
    new RegExp(
      `connection ${fuse.conn} on ${fuse.mountpoint} \\(fuse.probe\\), waiting \\d+ \\(inferred\\)`,
    ),
  );
  t.match(text.stdout, new RegExp(`from: fd 7 on ${fuse.mountpoint}`));
  t.match(text.stdout, new RegExp(`FUSE connections: .*${fuse.conn} \\(waiting [1-9]`));

  const json = await fusefault(['inspect', '--json', '--pid', String(pid)]);
  t.equal(json.exitCode, 0, json.stderr);
  const report = JSON.parse(json.stdout) as {
    tasks: {
      tid: number;
      state: string;
      stack: string[];
      signals: { shared: string[] };
      fuse: { conn: number };
    }[];
    connections: { id: number; waiting: number }[];
  };
  t.equal(report.tasks.length, 1);
  t.match(report.tasks[0], { tid: pid, state: 'D', fuse: { conn: fuse.conn, inferred: true } });
  t.ok(report.tasks[0]?.stack.includes('fuse_lookup'));
  t.same(report.tasks[0]?.signals.shared, ['SIGSTOP']);
  t.ok(report.connections.some((c) => c.id === fuse.conn && c.waiting > 0));

  await fuse.release();
  await waitForExit(pid, { timeoutMs: 10_000 });
  const after = await fusefault(['inspect', '--pid', String(pid)]);
  t.match(after.stdout, /^no task in D state$/m, 'nothing stuck after release');
});

t.test('a bad --pid is a usage error: one line, exit 2', async (t) => {
  for (const args of [['--pid', '-3'], ['--pid', '1e20'], ['--pid'], ['--pid', '0x10']]) {
    const r = await fusefault(['inspect', ...args]);
    t.equal(r.exitCode, 2, args.join(' '));
    t.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.equal(r.stdout, '', 'nothing inspected');
  }
  t.equal(
    (await fusefault(['inspect', '--pid', '1e20'])).stderr,
    "fusefault: --pid must be a whole number from 1 to 4194304, not '1e20'",
  );
  t.equal((await fusefault(['inspect', '--pid'])).stderr, 'fusefault: --pid needs a value');
});

t.test('without root: runs, and says what it could not read', async (t) => {
  const fuse = await makeStuckFuse(); // a connection whose counters nobody may read
  t.teardown(() => fuse.release());
  const r = await fusefaultAsNobody(['inspect']);
  t.equal(r.exitCode, 0, r.stderr);
  t.match(
    r.stdout,
    /FUSE connections: unknown \(fusectl not mounted or not readable: needs root\)/,
  );
});
