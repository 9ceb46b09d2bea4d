// A real D-state task on demand: a FUSE mount whose server never answers INIT.
// The test process opens /dev/fuse and mounts with it as the mount's fd=3, then
// never reads, so every request waits in fuse_get_req (killable, state D) until
// the connection is initialised or aborted. release() aborts, unmounts and reaps;
// if the test dies first, closing /dev/fuse (process exit) aborts the connection.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { dir } from 'tmp-promise';
import { abortConnection, ensureFusectl } from '../../../src/mount/fusectl.js';
import { connectionOf, readMountinfo } from '../../../src/mount/mountinfo.js';

export interface StuckFuse {
  mountpoint: string;
  conn: number;
  /** starts a client that will block on the mount (killed by release) */
  client(cmd: string, args: string[]): ResultPromise;
  /** aborts the connection, unmounts, reaps every client; idempotent */
  release(): Promise<void>;
}

// Mounts a FUSE filesystem that never answers.
export async function makeStuckFuse(): Promise<StuckFuse> {
  const tmp = await dir({ unsafeCleanup: true, prefix: 'fusefault-proc-' });
  const mountpoint = `${tmp.path}/mnt`;
  mkdirSync(mountpoint);
  const fd = openSync('/dev/fuse', 'r+');
  // execa's types do not take a raw fd as an extra stdio entry; mount is quick
  const r = spawnSync(
    'mount',
    [
      '-i',
      '-t',
      'fuse.probe',
      '-o',
      'fd=3,rootmode=40000,user_id=0,group_id=0',
      'probe',
      mountpoint,
    ],
    { stdio: ['ignore', 'pipe', 'pipe', fd], encoding: 'utf8' },
  );
  if (r.status !== 0) {
    closeSync(fd);
    await tmp.cleanup();
    throw new Error(`mount failed: ${r.stderr}`);
  }
  const m = (await readMountinfo('self')).find((x) => x.mountpoint === mountpoint);
  if (!m) throw new Error(`mount of ${mountpoint} not in mountinfo`);
  const conn = connectionOf(m);
  const clients: ResultPromise[] = [];
  let released = false;
  return {
    mountpoint,
    conn,
    client(cmd, args) {
      const p = execa(cmd, args, { reject: false });
      clients.push(p);
      return p;
    },
    async release() {
      if (released) return;
      released = true;
      await ensureFusectl();
      await abortConnection(conn).catch(() => undefined);
      await execa('umount', ['-l', mountpoint], { reject: false });
      closeSync(fd);
      for (const p of clients) p.kill('SIGKILL');
      await Promise.all(clients);
      await tmp.cleanup();
    },
  };
}
