// The fuse-native backend: the same MemFs and fault rules served through
// libfuse2's high-level, path based API (fuse-native), to show how a libfuse
// daemon behaves under the same faults. What that API cannot express (stop at
// the device, interrupt policies, the INIT reply's request timeout) is refused.
import type { FileHandle } from 'node:fs/promises';
import type { HoldFlags } from '../control/protocol.js';
import type { ServerStatus } from '../control/types.js';
import { UsageError } from '../errors.js';
import type { FaultSet } from '../faults/rules.js';
import { checkMountpoint, unmount } from '../mount/mount.js';
import { connectionAt, findMount } from '../mount/mountinfo.js';
import type { TraceEvent } from '../trace/types.js';
import { monotonic } from '../trace/types.js';
import { mountPath, openNoFollow } from './raw/hold.js';
import { createFuse, fuseClass, releaseLoop, type FuseInstance } from './fuse-native/binding.js';
import { Gate } from './fuse-native/gate.js';
import { fuseOps } from './fuse-native/ops.js';
import { vetoRule } from './fuse-native/refuse.js';
import { MOUNT_FLAGS } from '../mount/options.js';
import { CONGESTION_THRESHOLD, MAX_BACKGROUND } from '../engine/init.js';
import type { Backend, ServeOptions } from './types.js';

// -o options fuse-native cannot pass itself: big_writes (libfuse2 otherwise
// splits writes into 4 KiB requests); the raw engine's cache times (names for
// 1 s, attributes and negative lookups not at all) so every stat reaches the
// server and its faults; use_ino so st_ino is ours; the raw engine's
// background limits (libfuse2 otherwise leaves the kernel's 12/9)
const EXTRA_OPTS = [
  'big_writes',
  `max_background=${MAX_BACKGROUND}`,
  `congestion_threshold=${CONGESTION_THRESHOLD}`,
  'entry_timeout=1',
  'attr_timeout=0',
  'negative_timeout=0',
  'use_ino',
];
const WATCH_MS = 500;
/** A Backend serving `opts.fs` through fuse-native at `opts.mountpoint`. */
export function createFuseNativeBackend(opts: ServeOptions): Backend {
  return new FuseNativeBackend(opts);
}

class FuseNativeBackend implements Backend {
  conn = -1;
  readonly faults: FaultSet;
  readonly done: Promise<void>;
  /** why serving ended, read by `serve` (as for the raw backend) */
  endReason?: { code: number; message: string };
  private readonly gate: Gate;
  private mountpoint: string;
  private fuse: FuseInstance | undefined;
  private readonly holds: FileHandle[] = [];
  private closing: Promise<void> | undefined;
  private watch: NodeJS.Timeout | undefined;
  private finish!: () => void;

  constructor(private readonly opts: ServeOptions) {
    this.faults = opts.faults;
    this.mountpoint = opts.mountpoint;
    this.gate = new Gate(opts.faults, opts.trace);
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  async start(): Promise<void> {
    if (this.opts.requestTimeout !== undefined) {
      throw new UsageError(
        'the fuse-native backend cannot ask for a request timeout: libfuse2 writes the INIT reply itself; use --backend raw',
      );
    }
    if (this.opts.serverPermissions) {
      // fuse-native never shows us fuse_get_context(): no caller, so nothing to check against
      throw new UsageError(
        'the fuse-native backend cannot check permissions in the server: libfuse2 hides the caller from fuse-native; use --backend raw',
      );
    }
    // refuses (UsageError, one line) if a rule given at start cannot be honoured
    this.faults.addValidator(vetoRule);
    this.mountpoint = checkMountpoint(this.opts.mountpoint);
    try {
      fuseClass();
    } catch (e) {
      const why = (e as Error).message.split('\n')[0];
      throw new UsageError(`the fuse-native backend needs libfuse.so.2 (Debian: libfuse2): ${why}`);
    }
    // libfuse2 mounts with user_id/group_id of this process (fuse_mount_sys); the
    // kernel checks permissions (default_permissions): our callbacks never see who asks
    const fuse = createFuse(this.mountpoint, fuseOps(this.opts.fs, this.gate), {
      allowOther: this.opts.allowOther === true,
      defaultPermissions: true,
      fsname: 'fusefault',
      subtype: 'fusefault',
      timeout: false,
      extra: [...EXTRA_OPTS, ...MOUNT_FLAGS],
    });
    try {
      // fuse-native calls back once libfuse has answered FUSE_INIT
      await new Promise<void>((resolve, reject) =>
        fuse.mount((err) => (err ? reject(err) : resolve())),
      );
    } catch (e) {
      await unmount(this.mountpoint).catch(() => undefined);
      throw new Error(`fuse-native mount of ${this.mountpoint} failed: ${(e as Error).message}`);
    }
    this.fuse = fuse;
    this.conn = connectionAt(this.mountpoint) ?? -1;
    this.opts.trace.emit({
      ev: 'mount',
      ts: monotonic(),
      mountpoint: this.mountpoint,
      conn: this.conn,
    });
    // libfuse gives no word when the mount goes away (umount, abort): watch mountinfo
    this.watch = setInterval(() => {
      if (!findMount(this.mountpoint)) void this.close('unmounted from outside');
    }, WATCH_MS).unref();
  }

  close(reason: string): Promise<void> {
    this.closing ??= this.doClose(reason);
    return this.closing;
  }

  private async doClose(reason: string): Promise<void> {
    if (this.watch) clearInterval(this.watch);
    // nothing may stay held: a stalled callback keeps a libfuse thread (and a client) waiting
    this.gate.drain();
    await Promise.all(this.holds.splice(0).map((h) => h.close().catch(() => undefined)));
    const fuse = this.fuse;
    if (fuse) {
      // fuse-native's unmount runs `fusermount -uz`; umount -l if that fails
      const ok =
        findMount(this.mountpoint) !== undefined &&
        (await new Promise<boolean>((resolve) => fuse.unmount((err) => resolve(!err))));
      if (!ok) {
        await unmount(this.mountpoint);
        releaseLoop(fuse);
      }
    }
    this.gate.dispose();
    this.opts.trace.emit({ ev: 'unmount', ts: monotonic(), reason });
    this.endReason = { code: 0, message: `${this.mountpoint}: ${reason}` };
    this.finish();
  }

  stop(): Promise<void> {
    return Promise.reject(
      new UsageError(
        'the fuse-native backend cannot stop reading /dev/fuse: libfuse reads the device in its own threads; use --backend raw',
      ),
    );
  }

  resume(): void {
    // never stopped: nothing to resume
  }

  status(): ServerStatus {
    return {
      backend: 'fuse-native',
      mountpoint: this.mountpoint,
      conn: this.conn,
      pid: process.pid,
      stopped: false,
      inflight: this.gate.inflight(),
      counts: { ...this.gate.counts },
    };
  }

  subscribe(listener: (ev: TraceEvent) => void): () => void {
    return this.opts.trace.subscribe(listener);
  }

  async holdOpen(path: string, flags: HoldFlags, opts: { create?: boolean } = {}): Promise<number> {
    if (this.closing || !this.fuse) throw new Error('not serving');
    const inside = mountPath(this.mountpoint, path);
    // async open: libuv's pool does the syscall while our loop serves it
    const fh = await openNoFollow(this.mountpoint, inside, flags, opts);
    this.holds.push(fh);
    return fh.fd;
  }
}
