// Mounting a FUSE filesystem without libfuse: util-linux mount with the fd= option.
// fuse_fill_super takes the device file from the *mounting* process's fd table
// (fuse_parse_param: fget(fd)), so the device must be that child's fd 3.
import { spawn } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import { findMount } from './mountinfo.js';
import { fuseOptions, MOUNT_FLAGS, type MountAccess } from './options.js';

/** The fstype suffix our mounts carry: fuse.fusefault in /proc/self/mounts. */
export const SUBTYPE = 'fusefault';

/**
 * Checks that MP can be mounted on: exists, is a directory, is not a mount point.
 * Returns its canonical absolute path; throws UsageError with one line otherwise.
 * mountinfo is consulted before any stat: a stat of a stuck FUSE mount would hang.
 */
export function checkMountpoint(mp: string): string {
  const abs = resolve(mp);
  if (abs === '/') throw new UsageError('mountpoint / is already a mount point');
  let parent: string;
  try {
    parent = realpathSync(dirname(abs));
  } catch {
    throw new UsageError(`mountpoint ${mp} does not exist`);
  }
  const canonical = join(parent, basename(abs));
  const busy = findMount(canonical);
  if (busy) throw new UsageError(`mountpoint ${mp} is already a mount point (${busy.fstype})`);
  let st;
  try {
    st = statSync(canonical);
  } catch {
    throw new UsageError(`mountpoint ${mp} does not exist`);
  }
  if (!st.isDirectory()) throw new UsageError(`mountpoint ${mp} is not a directory`);
  // a symlink to a directory: mount follows it, so check the target as well
  const target = realpathSync(canonical);
  if (target !== canonical && findMount(target)) {
    throw new UsageError(`mountpoint ${mp} is already a mount point`);
  }
  return target;
}

/**
 * Mounts the FUSE device DEVFD (open in this process) at MOUNTPOINT, owned by
 * this process's uid and gid and open to others as ACCESS says; rejects with
 * mount's stderr.
 */
export async function mountFuse({
  mountpoint,
  devFd,
  access = {},
}: {
  mountpoint: string;
  devFd: number;
  access?: MountAccess;
}): Promise<void> {
  // rootmode: the root's file type until the first GETATTR; user_id/group_id: the
  // mount owner allowed in without allow_other; mount(8) turns nosuid,nodev into
  // MS_* flags and hands the rest to the kernel; -i: no /sbin/mount.fuse* helper
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const fuse = fuseOptions(access, uid, gid);
  const opts = ['fd=3', 'rootmode=40000', ...MOUNT_FLAGS, ...fuse].join(',');
  const args = ['-i', '-t', `fuse.${SUBTYPE}`, '-o', opts, SUBTYPE, mountpoint];
  // execa takes no fd numbers beyond stdio 2: plain spawn, device as the child's fd 3
  const child = spawn('mount', args, { stdio: ['ignore', 'ignore', 'pipe', devFd] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((res, rej) => {
    child.on('error', rej);
    child.on('close', (c) => res(c));
  });
  if (code !== 0) {
    const msg = stderr.trim().split('\n').at(-1) || `exit ${code}`;
    throw new Error(`mount of ${mountpoint} failed: ${msg}`);
  }
}

/**
 * Unmounts MOUNTPOINT; with lazy, falls back to a lazy unmount (MNT_DETACH) when
 * the plain one fails (busy). -c: no canonicalisation, so umount never stats a
 * mount whose server may be gone.
 */
export async function unmount(mountpoint: string, { lazy = true } = {}): Promise<void> {
  if (!findMount(mountpoint)) return;
  const r = await execa('umount', ['-c', mountpoint], { reject: false });
  if (r.exitCode === 0 || !findMount(mountpoint)) return;
  if (!lazy) throw new Error(`umount ${mountpoint} failed: ${String(r.stderr).trim()}`);
  const l = await execa('umount', ['-c', '-l', mountpoint], { reject: false });
  if (l.exitCode !== 0 && findMount(mountpoint)) {
    throw new Error(`umount -l ${mountpoint} failed: ${String(l.stderr).trim()}`);
  }
}
