// Real clients on a fuse-native mount (`fusefault serve --backend fuse-native`):
// coreutils, tar both ways, mmap reads and writes, execve of files written there.
import { execa } from 'execa';
import t from 'tap';
import { assertMachineClean, withServe } from '../fuse-helpers.js';

const sh = (script: string, cwd: string) =>
  execa('bash', ['-euo', 'pipefail', '-c', script], { cwd, reject: false, timeout: 60_000 });

t.test('ls, cat, cp, mv, rm -r, ln, chmod on the mount', async (t) => {
  let mp = '';
  await withServe({ backend: 'fuse-native' }, async (srv) => {
    mp = srv.mountpoint;
    const r = await sh(
      `echo hello > a
       mkdir -p d/e
       cp a d/e/b
       mv d/e/b d/e/c
       ln -s ../a d/link
       ln a hard
       chmod 640 a
       cat d/e/c d/link
       ls -a d | tr '\\n' ' '; echo
       stat -c '%a %h %s' a
       rm -r d
       ls | tr '\\n' ' '`,
      mp,
    );
    t.equal(r.exitCode, 0, `script ran: ${r.stderr}`);
    t.same(r.stdout.split('\n'), ['hello', 'hello', '. .. e link ', '640 2 6', 'a hard ']);
  });
  assertMachineClean(t, { mountpoint: mp });
});

t.test('tar in and out, big files, dd', async (t) => {
  let mp = '';
  await withServe({ backend: 'fuse-native' }, async (srv) => {
    mp = srv.mountpoint;
    const r = await sh(
      `src=$(mktemp -d); trap 'rm -rf "$src"' EXIT
       mkdir -p "$src/t/sub"; head -c 3000000 /dev/urandom > "$src/t/sub/rand"; echo x > "$src/t/small"
       tar -C "$src" -cf - t | tar -xf -
       cmp "$src/t/sub/rand" t/sub/rand
       tar -cf - t | tar -C "$src" -xf - --transform s/^t/u/
       cmp "$src/u/sub/rand" t/sub/rand && cmp "$src/u/small" t/small
       dd if=/dev/zero of=z bs=1M count=8 status=none
       stat -c %s z
       truncate -s 1 z; stat -c %s z`,
      mp,
    );
    t.equal(r.exitCode, 0, `tar round trip: ${r.stderr}`);
    t.same(r.stdout.trim().split('\n'), ['8388608', '1']);
  });
  assertMachineClean(t, { mountpoint: mp });
});

t.test('mmap writes and reads (python3 mmap)', async (t) => {
  let mp = '';
  await withServe({ backend: 'fuse-native' }, async (srv) => {
    mp = srv.mountpoint;
    const py = `
import mmap, os
with open('m', 'wb') as f:
    f.truncate(8192)
with open('m', 'r+b') as f:
    m = mmap.mmap(f.fileno(), 8192)
    m[4096:4101] = b'hello'
    m.flush()
    m.close()
os.posix_fadvise(os.open('m', os.O_RDONLY), 0, 0, os.POSIX_FADV_DONTNEED)
with open('m', 'rb') as f:
    m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
    print(m[4096:4101].decode(), len(m), m[0])
`;
    const r = await execa('python3', ['-c', py], { cwd: mp, reject: false, timeout: 60_000 });
    t.equal(r.exitCode, 0, r.stderr);
    t.equal(r.stdout.trim(), 'hello 8192 0', 'what was written through the mapping reads back');
    const c = await execa('od', ['-An', '-c', '-j4096', '-N5', 'm'], { cwd: mp, reject: false });
    t.match(c.stdout, /h\s+e\s+l\s+l\s+o/, 'and through read(2)');
  });
  assertMachineClean(t, { mountpoint: mp });
});

t.test('execve of a script and of a binary written into the mount', async (t) => {
  let mp = '';
  await withServe({ backend: 'fuse-native' }, async (srv) => {
    mp = srv.mountpoint;
    const r = await sh(
      `printf '#!/bin/sh\\necho script-ran "$@"\\n' > s.sh; chmod +x s.sh; ./s.sh 1
       cp "$(type -P echo)" myecho; chmod 755 myecho; ./myecho binary-ran`,
      mp,
    );
    t.equal(r.exitCode, 0, r.stderr);
    t.same(r.stdout.split('\n'), ['script-ran 1', 'binary-ran']);
  });
  assertMachineClean(t, { mountpoint: mp });
});

t.test('serve ends when its mount is unmounted from outside', async (t) => {
  let mp = '';
  await withServe({ backend: 'fuse-native' }, async (srv) => {
    mp = srv.mountpoint;
    await execa('umount', ['-l', mp]);
    const end = await srv.exited;
    t.same(end, { code: 0, signal: null }, 'serve exited by itself, cleanly');
    t.match(srv.stderr(), /unmounted from outside/);
  });
  assertMachineClean(t, { mountpoint: mp });
});
