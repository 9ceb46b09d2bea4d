// connectionOf on a mount whose device has a non-zero major. A "fuse" mount sits
// on an anonymous device (major 0), where the minor alone names the fusectl
// directory; a "fuseblk" mount takes the block device's dev_t (fuse_fill_super on
// a bdev superblock), so fusectl names it MKDEV(major, minor) = major << 20 | minor.
// Here: a loop device over a small file, mounted as fuseblk with our own device
// fd and served by the raw engine (the in-memory fs never touches the block device).
import t from 'tap';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { Engine } from '../../src/engine/engine.js';
import { DeviceReader } from '../../src/engine/device-reader.js';
import { FaultSet } from '../../src/faults/rules.js';
import { MemFs } from '../../src/fs/memfs.js';
import { openFuseDevice } from '../../src/mount/device.js';
import { abortConnection, FUSECTL_DIR } from '../../src/mount/fusectl.js';
import { connectionOf, findMount } from '../../src/mount/mountinfo.js';
import { Trace } from '../../src/trace/trace.js';

// mount(8) with the device as the child's fd 3 (fuse_parse_param: fget(fd))
async function mountFuseblk(bdev: string, mountpoint: string, devFd: number): Promise<void> {
  const opts = 'fd=3,rootmode=40000,user_id=0,group_id=0,blksize=4096';
  const child = spawn('mount', ['-i', '-t', 'fuseblk', '-o', opts, bdev, mountpoint], {
    stdio: ['ignore', 'ignore', 'pipe', devFd],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((res) => child.on('close', res));
  if (code !== 0) throw new Error(`mount -t fuseblk failed: ${stderr.trim()}`);
}

t.test('fuseblk on a loop device: fusectl names it major << 20 | minor', async (t) => {
  const tmp = await dir({ unsafeCleanup: true, prefix: 'fusefault-fuseblk-' });
  const image = join(tmp.path, 'image');
  const mountpoint = join(tmp.path, 'mnt');
  mkdirSync(mountpoint);
  writeFileSync(image, Buffer.alloc(1 << 20));
  const loop = (await execa('losetup', ['--find', '--show', image])).stdout.trim();
  const dev = openFuseDevice({ reserve: 0 });
  const started: { reader?: DeviceReader } = {};
  // in this order: nothing may stay mounted on the loop device or below the dir
  t.teardown(async () => {
    if (findMount(mountpoint)) await execa('umount', ['-l', '-c', mountpoint], { reject: false });
    // the reader owns the device fd once it runs
    if (started.reader) started.reader.close();
    else closeSync(dev.fd);
    await execa('losetup', ['-d', loop], { reject: false });
    if (!findMount(mountpoint)) await tmp.cleanup();
  });
  await mountFuseblk(loop, mountpoint, dev.fd);
  const r = new DeviceReader({ devFd: dev.fd });
  started.reader = r;
  const exited = new Promise<number | null>((res) => r.once('exit', (code) => res(code)));
  const engine = new Engine({
    fs: new MemFs(),
    faults: new FaultSet(),
    trace: new Trace(),
    devFd: dev.fd,
    reader: r,
  });
  r.on('request', (buf) => engine.onRequest(buf));
  t.teardown(() => engine.detach());

  const served = await stat(mountpoint);
  t.ok(served.isDirectory(), 'the raw engine serves the fuseblk mount');
  const m = findMount(mountpoint);
  t.equal(m?.fstype, 'fuseblk');
  const { stdout: majmin } = await execa('stat', ['-L', '-c', '%t:%T', loop]);
  const [major, minor] = majmin.split(':').map((h) => parseInt(h, 16));
  t.same([m?.major, m?.minor], [major, minor], "the mount carries the loop device's number");
  t.not(m?.major, 0, 'a non-zero major');
  const conn = connectionOf(m!);
  t.equal(conn, major! * 2 ** 20 + minor!);
  t.ok(existsSync(`${FUSECTL_DIR}/${conn}/abort`), `${FUSECTL_DIR}/${conn} exists`);

  t.equal(await abortConnection(conn), true, 'aborted through that directory');
  await exited;
  await t.rejects(stat(join(mountpoint, 'x')), { code: 'ENOTCONN' }, 'the connection is over');
});
