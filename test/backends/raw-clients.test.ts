// Real clients on the raw engine: coreutils, tar, mmap and execve on a mount
// served by `fusefault serve`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { assertMachineClean, withServe } from '../fuse-helpers.js';
import { runClient } from '../engine/client.js';

const sh = (cmd: string, cwd: string) => execa('sh', ['-c', cmd], { cwd, reject: false });

t.test('coreutils, tar, mmap and execve on the raw engine', async (t) => {
  let mnt = '';
  let pid = 0;
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    pid = srv.pid;
    const src = t.testdir({ tree: { 'a.txt': 'alpha\n', sub: { 'b.bin': 'x'.repeat(300_000) } } });

    await t.test('cat and ls', async (t) => {
      writeFileSync(join(mnt, 'hello'), 'hello world\n');
      const cat = await sh('cat hello', mnt);
      t.equal(cat.stdout, 'hello world');
      const ls = await sh('ls -la', mnt);
      t.equal(ls.exitCode, 0);
      t.match(ls.stdout, /-rw-r--r-- +1 root root +12 .* hello/);
    });

    await t.test('cp -r, mv, rm -r', async (t) => {
      const cp = await sh(`cp -r ${join(src, 'tree')} copy`, mnt);
      t.equal(cp.exitCode, 0, cp.stderr);
      t.equal(readFileSync(join(mnt, 'copy/a.txt'), 'utf8'), 'alpha\n');
      t.equal(readFileSync(join(mnt, 'copy/sub/b.bin'), 'utf8').length, 300_000);
      const mv = await sh('mv copy/sub moved && ls moved && ls copy', mnt);
      t.equal(mv.stdout, 'b.bin\na.txt');
      const rm = await sh('rm -r copy moved && ls', mnt);
      t.equal(rm.exitCode, 0, rm.stderr);
      t.equal(rm.stdout, 'hello');
    });

    await t.test('tar into the mount and out of it', async (t) => {
      const tarIn = await sh(`tar -C ${src} -cf - tree | tar -xf -`, mnt);
      t.equal(tarIn.exitCode, 0, tarIn.stderr);
      const out = join(t.testdir(), 'out');
      mkdirSync(out);
      const tarOut = await sh(`tar -cf - tree | tar -C ${out} -xf -`, mnt);
      t.equal(tarOut.exitCode, 0, tarOut.stderr);
      const diff = await execa('diff', ['-r', join(src, 'tree'), join(out, 'tree')], {
        reject: false,
      });
      t.equal(diff.exitCode, 0, diff.stdout);
    });

    await t.test('mmap reads and writes', async (t) => {
      const r = await runClient('mmap', join(mnt, 'mapped'), String(1 << 20));
      t.same(r.lines, ['mmap ok']);
      t.equal(r.code, 0);
      t.equal(readFileSync(join(mnt, 'mapped')).readBigUInt64LE(4096 * 7), 7n);
    });

    await t.test('a 1 MiB write(2) is one WRITE request (max_write 1 MiB)', async (t) => {
      const writes = async () => {
        const r = await srv.ctl({ cmd: 'status' });
        return r.ok && r.status ? (r.status.counts.write ?? 0) : NaN;
      };
      const before = await writes();
      const dd = await sh('dd if=/dev/zero of=big bs=1M count=8 conv=fsync', mnt);
      t.equal(dd.exitCode, 0, dd.stderr);
      // 128 KiB requests would make it 64
      t.equal((await writes()) - before, 8, 'WRITE requests for 8 MiB in 1 MiB writes');
      await sh('rm big', mnt);
    });

    await t.test('execve of a file written into the mount', async (t) => {
      const w = await sh(
        "printf '#!/bin/sh\\necho ran from fuse $1\\n' > script && chmod 755 script && ./script ok",
        mnt,
      );
      t.equal(w.exitCode, 0, w.stderr);
      t.equal(w.stdout, 'ran from fuse ok');
      const bin = await sh('cp /bin/true ./true && ./true && echo binary-ok', mnt);
      t.equal(bin.stdout, 'binary-ok', bin.stderr);
    });
  });
  assertMachineClean(t, { mountpoint: mnt, pids: [pid] });
});
