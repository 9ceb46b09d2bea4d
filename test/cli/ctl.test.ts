import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { serveFakeTarget, until } from '../control/fake-target.js';
import { CLI, fusefault } from '../helpers.js';

t.test('add, list, remove, release, clear', async (t) => {
  const { sock, target } = await serveFakeTarget(t);
  let r = await fusefault(['ctl', sock, 'add', 'flush:stall']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout, 'rule 1: flush:stall');
  r = await fusefault(['ctl', sock, 'add', 'write:errno=EIO,first=2']);
  t.equal(r.stdout, 'rule 2: write:errno=EIO,first=2 (first 2)');
  t.equal(target.faults.list().length, 2);
  r = await fusefault(['ctl', sock, 'list']);
  t.equal(r.exitCode, 0);
  t.equal(
    r.stdout,
    ['ID  HITS  SPEC', ' 1     0  flush:stall', ' 2     0  write:errno=EIO,first=2'].join('\n'),
  );
  r = await fusefault(['ctl', sock, 'list', '--json']);
  t.match(JSON.parse(r.stdout), { ok: true, rules: [{ id: 1 }, { id: 2 }] });
  const released: (number | undefined)[] = [];
  target.faults.on('release', (id?: number) => released.push(id));
  r = await fusefault(['ctl', sock, 'release', '1']);
  t.equal(r.stdout, 'released rule 1');
  r = await fusefault(['ctl', sock, 'release']);
  t.equal(r.stdout, 'released every held request');
  r = await fusefault(['ctl', sock, 'remove', '2']);
  t.equal(r.stdout, 'removed rule 2');
  r = await fusefault(['ctl', sock, 'clear']);
  t.equal(r.stdout, 'removed 1 rule(s), released every held request');
  t.same(released, [1, undefined, undefined]);
  t.same(target.faults.list(), []);
});

t.test('server errors: exit 1 with its one line', async (t) => {
  const { sock, target } = await serveFakeTarget(t);
  target.faults.addValidator(() => 'not here:\nnever');
  let r = await fusefault(['ctl', sock, 'add', 'flush:stall']);
  t.equal(r.exitCode, 1);
  t.equal(r.stderr, 'fusefault: not here:\\nnever', 'a vetoed rule, its reason on one line');
  r = await fusefault(['ctl', sock, 'remove', '9']);
  t.equal(r.exitCode, 1);
  t.equal(r.stderr, 'fusefault: no rule 9');
  r = await fusefault(['ctl', sock, 'remove', '9', '--json']);
  t.equal(r.exitCode, 1);
  t.same(JSON.parse(r.stdout), { ok: false, error: 'no rule 9' });
  target.refuseStop = 'the fuse-native backend cannot stop reading /dev/fuse';
  r = await fusefault(['ctl', sock, 'stop']);
  t.equal(r.exitCode, 1);
  t.equal(r.stderr, 'fusefault: the fuse-native backend cannot stop reading /dev/fuse');
});

t.test('stop, resume, status, open', async (t) => {
  const { sock, target, dir } = await serveFakeTarget(t);
  let r = await fusefault(['ctl', sock, 'stop']);
  t.equal(r.exitCode, 0);
  t.equal(target.stopped, true);
  r = await fusefault(['ctl', sock, 'status']);
  t.equal(r.exitCode, 0);
  t.match(r.stdout, /^connection {2}77$/m);
  t.match(r.stdout, /^state {7}stopped/m);
  t.match(r.stdout, /flush +stall/);
  r = await fusefault(['ctl', sock, 'status', '--json']);
  t.match(JSON.parse(r.stdout), { ok: true, status: { conn: 77, stopped: true } });
  r = await fusefault(['ctl', sock, 'resume']);
  t.equal(r.stdout, 'resumed');
  t.equal(target.stopped, false);
  const file = join(dir, 'f');
  await writeFile(file, '');
  r = await fusefault(['ctl', sock, 'open', file, 'w']);
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, new RegExp(`^holding ${file} open as fd \\d+$`));
  t.equal(target.handles.length, 1);
  r = await fusefault(['ctl', sock, 'open', file, '--create']);
  t.equal(r.exitCode, 0, r.stderr);
  t.same(target.creates, [false, true], '--create asks the server to create');
});

t.test('usage errors: exit 2', async (t) => {
  const { sock } = await serveFakeTarget(t);
  const cases: [string[], RegExp][] = [
    [['ctl', sock, 'frob'], /^fusefault: unknown ctl command 'frob' \(known: add, list, /],
    [['ctl', sock, 'add'], /^fusefault: usage: fusefault ctl SOCKET add SPEC$/],
    [
      ['ctl', sock, 'add', 'a:stall', 'b:stall'],
      /^fusefault: usage: fusefault ctl SOCKET add SPEC$/,
    ],
    [['ctl', sock, 'remove', 'x'], /^fusefault: 'x' is not a rule id/],
    [['ctl', sock, 'list', 'extra'], /^fusefault: usage: fusefault ctl SOCKET list$/],
    [
      ['ctl', sock, 'open', '/x', 'append'],
      /^fusefault: open flags must be r, w or rw, not 'append'$/,
    ],
    [['ctl', sock, 'open', '../x'], /^fusefault: \.\.\/x: not a file inside the mount$/],
    [['ctl', sock, 'open', '/'], /^fusefault: \/: not a file inside the mount$/],
    [['ctl', sock, 'list', '--create'], /^fusefault: --create goes with open only$/],
    [['ctl', sock, 'remove', '1\n2'], /^fusefault: '1\\n2' is not a rule id/],
    [['ctl', sock, 'unknown\ncmd'], /^fusefault: unknown ctl command 'unknown\\ncmd'/],
    [['ctl', sock, 'status', '--timeout', '0'], /^fusefault: --timeout must be a number above 0/],
    [['ctl', sock, 'status', '--timeout', '-1'], /^fusefault: --timeout must be a number above 0/],
    [['ctl', sock, 'status', '--timeout', 'soon'], /^fusefault: --timeout must be .*not 'soon'$/],
    [
      ['ctl', sock, 'status', '--timeout', '1e10'],
      /^fusefault: --timeout must be a number above 0 and at most 2147483, not '1e10'$/,
    ],
    [['ctl', `${sock}-missing`, 'list'], /^fusefault: no fusefault server at .*ctl\.sock-missing$/],
    [['ctl', `${sock}-missing`, 'events'], /^fusefault: no fusefault server at /],
  ];
  for (const [args, err] of cases) {
    const r = await fusefault(args);
    t.equal(r.exitCode, 2, args.slice(2).join(' '));
    t.match(r.stderr, err);
    t.equal(r.stderr.split('\n').length, 1);
  }
});

t.test('a malformed spec is refused before anything is sent: exit 2, one line', async (t) => {
  const { sock, target } = await serveFakeTarget(t);
  for (const spec of ['flsh:stall', 'flush', 'flush:stall\nx']) {
    const r = await fusefault(['ctl', sock, 'add', spec]);
    t.equal(r.exitCode, 2, spec);
    t.match(r.stderr, /^fusefault: bad fault spec '/, spec);
    t.equal(r.stderr.split('\n').length, 1, `${spec}: one line`);
  }
  t.same(target.faults.list(), [], 'no rule reached the server');
  // with no server at all the spec is still the error: it was checked first
  const r = await fusefault(['ctl', `${sock}-missing`, 'add', 'flsh:stall']);
  t.equal(r.exitCode, 2);
  t.match(r.stderr, /^fusefault: bad fault spec 'flsh:stall': unknown operation 'flsh'/);
});

t.test('events stream as trace lines until SIGINT', async (t) => {
  const { sock, target } = await serveFakeTarget(t);
  const child = execa(process.execPath, [CLI, 'ctl', sock, 'events'], {
    reject: false,
    timeout: 60_000,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await until(() => target.subscribers === 1, 'ctl events to subscribe');
  target.trace.emit({ ev: 'request', ts: 1.5, unique: '4', op: 'flush', nodeid: '1', pid: 9 });
  target.trace.emit({ ev: 'resume', ts: 2 });
  await until(() => out.split('\n').length === 3, 'two event lines');
  child.kill('SIGINT');
  const r = await child;
  t.equal(r.exitCode, 0);
  t.same(
    out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
    [
      { ev: 'request', ts: 1.5, unique: '4', op: 'flush', nodeid: '1', pid: 9 },
      { ev: 'resume', ts: 2 },
    ],
  );
  await until(() => target.subscribers === 0, 'the server to drop the subscription');
});
