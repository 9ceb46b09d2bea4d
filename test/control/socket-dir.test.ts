import { chmod, chown, lstat, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { dir } from 'tmp-promise';
import { chooseSocketPath, controlDir, ensurePrivateDir } from '../../src/control/socket-dir.js';

async function tmp(t: { teardown(fn: () => unknown): void }) {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  return d.path;
}

t.test('the control directory: XDG_RUNTIME_DIR when set and absolute, else /run', async (t) => {
  t.equal(controlDir({ XDG_RUNTIME_DIR: '/run/user/1000' }), '/run/user/1000/fusefault');
  t.equal(controlDir({ XDG_RUNTIME_DIR: '/run/user/1000/' }), '/run/user/1000/fusefault');
  t.equal(controlDir({}), '/run/fusefault');
  t.equal(controlDir({ XDG_RUNTIME_DIR: 'relative/dir' }), '/run/fusefault', 'relative: ignored');
});

t.test('a missing directory is created 0700, even under a permissive umask', async (t) => {
  const d = join(await tmp(t), 'fusefault');
  const old = process.umask(0);
  try {
    await ensurePrivateDir(d);
  } finally {
    process.umask(old);
  }
  const st = await lstat(d);
  t.ok(st.isDirectory());
  t.equal(st.mode & 0o7777, 0o700);
  t.equal(st.uid, process.getuid!());
  await ensurePrivateDir(d);
  t.pass('an existing private directory is accepted');
});

t.test('anything else at that path is refused with one line', async (t) => {
  const base = await tmp(t);
  const other = join(base, 'elsewhere');
  await mkdir(other, { mode: 0o700 });
  const cases: [string, (p: string) => Promise<unknown>, RegExp][] = [
    ['symlink', (p) => symlink(other, p), /is a symlink; refusing to use it$/],
    ['file', (p) => writeFile(p, ''), /is not a directory; refusing/],
    ['wide', (p) => mkdir(p).then(() => chmod(p, 0o755)), /has mode 0755, not 0700; refusing/],
    ['sticky', (p) => mkdir(p).then(() => chmod(p, 0o1700)), /has mode 01700, not 0700/],
    [
      'foreign',
      (p) => mkdir(p, { mode: 0o700 }).then(() => chown(p, 65534, 65534)),
      /is owned by uid 65534, not by us \(uid 0\); refusing/,
    ],
    ['no parent', () => Promise.resolve(), /cannot be created \(ENOENT\)/],
  ];
  for (const [name, make, why] of cases) {
    const p = name === 'no parent' ? join(base, 'missing', 'fusefault') : join(base, name);
    await make(p);
    await t.rejects(ensurePrivateDir(p), { name: 'UsageError', message: why }, name);
  }
  t.equal((await lstat(join(base, 'wide'))).mode & 0o777, 0o755, 'left as it was');
});

t.test('serve listens in the private directory unless told otherwise', async (t) => {
  const xdg = await tmp(t);
  const env = { XDG_RUNTIME_DIR: xdg };
  const priv = join(xdg, 'fusefault');
  t.same(await chooseSocketPath(undefined, { env, pid: 123 }), {
    path: join(priv, '123.sock'),
    privateDir: priv,
  });
  t.equal((await lstat(priv)).mode & 0o7777, 0o700, 'created on the way');
  t.same(await chooseSocketPath(join(priv, 'named.sock'), { env }), {
    path: join(priv, 'named.sock'),
    privateDir: priv,
  });
  t.same(await chooseSocketPath(join(xdg, 'x.sock'), { env }), { path: join(xdg, 'x.sock') });
  t.same(await chooseSocketPath('rel.sock', { env }), { path: join(process.cwd(), 'rel.sock') });
  await chmod(priv, 0o755);
  await t.rejects(chooseSocketPath(undefined, { env }), { message: /has mode 0755/ });
});
