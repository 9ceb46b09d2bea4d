// `fusefault check`: bad input is one line and exit 2 before anything is
// mounted; a filesystem that does not mount is one line and exit 2 with
// nothing left; and a real run against bindfs (libfuse) from Debian.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fusefault, fusefaultAsNobody } from '../helpers.js';
import { fileURLToPath } from 'node:url';
import { checkTmp, leftAfterCheck, leftNow, runCheckIn } from '../harness/check/leftovers.js';

const bad: { argv: string[]; says: RegExp }[] = [
  { argv: ['check'], says: /Missing required argument: fs/ },
  { argv: ['check', '--fs', ''], says: /^--fs needs a value$/ },
  { argv: ['check', '--fs', '  '], says: /^--fs needs a command/ },
  { argv: ['check', '--fs', 'bindfs {lower} /mnt'], says: /has no \{mnt\}/ },
  {
    argv: ['check', '--fs', 'bindfs {lower} {mnt}', '--only', 'nope'],
    says: /^unknown check 'nope'; known: own-mount-fds/,
  },
  {
    argv: [
      'check',
      '--fs',
      'bindfs {lower} {mnt}',
      '--only',
      'own-mount-fds',
      '--only',
      'own-mount-fds',
    ],
    says: /^check 'own-mount-fds' given twice$/,
  },
  {
    argv: ['check', '--fs', 'bindfs {lower} {mnt}', '--unmount', 'true'],
    says: /--unmount 'true' has no \{mnt\}/,
  },
  {
    argv: ['check', '--fs', 'x {mnt}', '--json', '/nonexistent-dir/x.json'],
    says: /^--json .*cannot write there/,
  },
];

for (const r of bad) {
  t.test(`bad input: ${r.argv.slice(1).join(' ') || '(none)'}`, async (t) => {
    const res = await fusefault(r.argv);
    t.equal(res.exitCode, 2);
    const lines = res.stderr.trim().split('\n');
    t.equal(lines.length, 1, res.stderr);
    t.match(lines[0], /^fusefault: /);
    t.match(lines[0]!.replace(/^fusefault: /, ''), r.says);
    t.equal(res.stdout, '');
  });
}

t.test('bad input: not root', async (t) => {
  const res = await fusefaultAsNobody(['check', '--fs', 'bindfs {lower} {mnt}']);
  t.equal(res.exitCode, 2);
  t.match(res.stderr.trim(), /^fusefault: check needs root/);
});

const notMounting: { name: string; fs: string; says: RegExp }[] = [
  {
    name: 'missing binary',
    fs: 'no-such-fs-binary {lower} {mnt}',
    says: /exited with code 127 before mounting \{mnt\}: sh: .*not found/,
  },
  { name: 'exits at once', fs: 'true {lower} {mnt}', says: /exited without mounting \{mnt\}/ },
  {
    name: 'fails',
    fs: 'bindfs --no-such-option {lower} {mnt}',
    says: /exited with code \d+ before mounting/,
  },
];

for (const r of notMounting) {
  t.test(`does not mount: ${r.name}`, async (t) => {
    const tmp = checkTmp();
    const res = await runCheckIn(tmp, ['--fs', r.fs]);
    t.equal(res.exitCode, 2);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('fusefault: '));
    t.equal(lines.length, 1, res.stderr);
    t.match(lines[0], r.says);
    t.same(await leftAfterCheck(tmp), [], 'nothing of the check is left');
  });
}

t.test('bindfs: every check decides, JSON records, nothing left', async (t) => {
  const tmp = checkTmp();
  const json = join(tmp, 'check.json');
  const res = await runCheckIn(tmp, ['--fs', 'bindfs {lower} {mnt}', '--json', json]);
  t.equal(res.exitCode, 0, res.stderr);
  const doc = JSON.parse(readFileSync(json, 'utf8')) as {
    checks: { id: string; outcome: string; summary: string; evidence: object }[];
    recovery: { clean: boolean };
  };
  t.equal(doc.recovery.clean, true);
  const own = doc.checks.find((c) => c.id === 'own-mount-fds');
  t.equal(own?.outcome, 'none', 'bindfs opens nothing on its own mount');
  const ep = doc.checks.find((c) => c.id === 'error-propagation');
  const ops = (ep?.evidence as { ops?: Record<string, string> }).ops ?? {};
  t.same(Object.keys(ops).sort(), [
    'create',
    'flush',
    'fsync',
    'open',
    'read',
    'read-direct',
    'write:EIO',
    'write:ENOSPC',
  ]);
  t.notOk(Object.values(ops).includes('inconclusive'), 'every op hit its fault and decided');
  t.equal(ops['write:EIO'], 'propagated', 'libfuse passes a write error on');
  t.match(res.stdout, /^check\s+outcome\s+summary$/m);
  t.match(res.stdout, /^own-mount-fds\s+none\s/m);
  t.same(await leftAfterCheck(tmp), []);
});

const FAKEFS = fileURLToPath(new URL('../fixtures/check/fakefs.js', import.meta.url));

t.test('does not mount: mounts somewhere else, which is taken away again', async (t) => {
  const tmp = checkTmp();
  const fs = `${process.execPath} ${FAKEFS} {lower} {mnt} --mount-on {mnt}-elsewhere`;
  const res = await runCheckIn(tmp, ['--fs', fs]);
  t.equal(res.exitCode, 2);
  const lines = res.stderr.split('\n').filter((l) => l.startsWith('fusefault: '));
  t.equal(lines.length, 1, res.stderr);
  t.match(lines[0], /mounted \S+-elsewhere instead of \{mnt\} \(unmounted again\)$/);
  t.same(await leftAfterCheck(tmp), []);
});

t.test('check SIGKILLed in the middle: the watchdog leaves nothing', async (t) => {
  const tmp = checkTmp();
  // bindfs daemonizes (setsid): it is outside the session the case runner kills
  const run = runCheckIn(tmp, ['--fs', 'bindfs {lower} {mnt}', '--only', 'error-propagation']);
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    run.stderr!.on('data', (d: Buffer) => {
      seen += d.toString();
      // one op measured, the next one under way: both mounts up, clients running
      if (/error-propagation: open: /.test(seen)) resolve();
    });
    void run.then(() => reject(new Error(`check ended first: ${seen}`)));
  });
  t.not(leftNow(tmp).length, 0, 'the check had mounts and processes');
  run.kill('SIGKILL');
  const res = await run;
  t.equal(res.signal, 'SIGKILL');
  t.same(await leftAfterCheck(tmp), [], 'no mount, no daemon, no task in D');
});
