// Where `fusefault serve` puts its control socket: PID.sock in a private
// directory by default, and never over a file that is already there.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { findMount } from '../../src/mount/mountinfo.js';
import { assertMachineClean, withServe } from '../fuse-helpers.js';
import { CLI } from '../helpers.js';

// A short temporary directory: socket paths must fit sun_path (107 bytes).
function shortDir(t: Test, tree: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'ff-ctl-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const d of tree) mkdirSync(join(dir, d));
  return dir;
}

// serve with ENV, expected to refuse: exit 2, one line, nothing mounted at MNT.
async function refused(t: Test, mnt: string, args: string[], env: NodeJS.ProcessEnv, why: RegExp) {
  const r = await execa(process.execPath, [CLI, 'serve', mnt, ...args], {
    reject: false,
    env,
    extendEnv: false,
    timeout: 60_000,
  });
  t.equal(r.exitCode, 2, args.join(' ') || 'default socket');
  t.equal(r.stderr.split('\n').length, 1, 'one line');
  t.match(r.stderr, why);
  t.equal(r.stdout, '', 'never ready');
  t.equal(findMount(mnt), undefined, 'nothing mounted');
}

t.test('by default: PID.sock in $XDG_RUNTIME_DIR/fusefault, a 0700 directory', async (t) => {
  const xdg = shortDir(t);
  let mnt = '';
  let sock = '';
  await withServe(
    { control: false, env: { ...process.env, XDG_RUNTIME_DIR: xdg } },
    async (srv) => {
      mnt = srv.mountpoint;
      sock = srv.control;
      t.equal(sock, join(xdg, 'fusefault', `${srv.pid}.sock`));
      const dir = lstatSync(join(xdg, 'fusefault'));
      t.ok(dir.isDirectory());
      t.equal(dir.mode & 0o7777, 0o700, 'the directory is 0700');
      t.equal(dir.uid, process.getuid!(), 'and ours');
      const st = statSync(sock);
      t.ok(st.isSocket());
      t.equal(st.mode & 0o777, 0o600, 'the socket is 0600');
      t.match(await srv.ctl({ cmd: 'status' }), { ok: true, status: { pid: srv.pid } });
    },
  );
  t.equal(existsSync(sock), false, 'the socket is removed at exit');
  assertMachineClean(t, { mountpoint: mnt });
});

t.test('without XDG_RUNTIME_DIR: /run/fusefault/PID.sock', async (t) => {
  const env = { ...process.env };
  delete env.XDG_RUNTIME_DIR;
  let mnt = '';
  await withServe({ control: false, env }, async (srv) => {
    mnt = srv.mountpoint;
    t.equal(srv.control, `/run/fusefault/${srv.pid}.sock`);
    t.equal(lstatSync('/run/fusefault').mode & 0o7777, 0o700);
  });
  assertMachineClean(t, { mountpoint: mnt });
});

t.test('a directory not private, or a file already there: refused, kept', async (t) => {
  const dir = shortDir(t, ['mnt', 'xdg', 'shared']);
  const mnt = join(dir, 'mnt');
  const env = { ...process.env, XDG_RUNTIME_DIR: join(dir, 'xdg') };
  mkdirSync(join(dir, 'xdg', 'fusefault'), { mode: 0o700 });
  chmodSync(join(dir, 'xdg', 'fusefault'), 0o755);
  await refused(
    t,
    mnt,
    [],
    env,
    /^fusefault: control socket directory .*xdg\/fusefault has mode 0755, not 0700; refusing to use it$/,
  );
  t.equal(lstatSync(join(dir, 'xdg', 'fusefault')).mode & 0o777, 0o755, 'left as it was');

  // a socket left behind by a dead server, outside the private directory
  const stale = join(dir, 'shared', 'ctl.sock');
  const r = spawnSync(process.execPath, [
    '-e',
    `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  t.equal(r.signal, 'SIGKILL');
  await refused(
    t,
    mnt,
    ['--control', stale],
    env,
    /^fusefault: .*shared\/ctl\.sock already exists \(a stale socket\?\); remove it or choose another path$/,
  );
  t.ok(lstatSync(stale).isSocket(), 'the stale socket is still there');
});
