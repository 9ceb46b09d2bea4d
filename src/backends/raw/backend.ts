// The raw backend: our own /dev/fuse engine behind the Backend contract. It owns
// the device fd (its reader, once started, closes it), the mount, and the files
// held open on it.
import { closeSync } from 'node:fs';
import type { Backend, ServeOptions } from '../types.js';
import type { HoldFlags } from '../../control/protocol.js';
import type { ServerStatus } from '../../control/types.js';
import type { FaultSet } from '../../faults/rules.js';
import { Engine } from '../../engine/engine.js';
import type { Offload } from '../../engine/serve-async.js';
import { READER_EXIT_ABORTED, READER_EXIT_UNMOUNTED } from '../../engine/reader-codes.js';
import { DeviceReader } from '../../engine/device-reader.js';
import { openFuseDevice, type FuseDevice } from '../../mount/device.js';
import { abortConnection } from '../../mount/fusectl.js';
import { mountFuse, unmount } from '../../mount/mount.js';
import { connectionAt } from '../../mount/mountinfo.js';
import type { TraceEvent } from '../../trace/types.js';
import { monotonic } from '../../trace/types.js';
import { holdOpen, type HeldFile } from './hold.js';
import { waitForExit } from './wait.js';

const INIT_TIMEOUT_MS = 30_000;

/** Why serving ended, for the exit status of `serve`. */
export interface EndReason {
  /** 0 for a close or an unmount from outside, 1 when the connection was lost */
  code: number;
  message: string;
}

/** A raw backend's options: a filesystem that waits may serve off the event loop. */
export interface RawServeOptions extends ServeOptions {
  offload?: Offload;
  /**
   * runs with the device fd before the mount exists: a server that hands its
   * device to an fd store (for a restart by fd passing) does it here, so no
   * other process is seen holding it once the mount is there
   */
  beforeMount?: (devFd: number) => Promise<void>;
}

/** A Backend over the raw engine; see createRawBackend. */
export class RawBackend implements Backend {
  conn = -1;
  readonly faults: FaultSet;
  readonly done: Promise<void>;
  endReason?: EndReason;
  private readonly opts: RawServeOptions;
  private dev?: FuseDevice;
  private reader?: DeviceReader;
  private engine?: Engine;
  private readonly held: HeldFile[] = [];
  private closing?: Promise<void>;
  private finished = false;
  private resolveDone!: () => void;
  private readerExit?: Promise<void>;
  /** the request timeout in effect (seconds), when the kernel took one */
  private requestTimeout?: number;

  constructor(opts: RawServeOptions) {
    this.opts = opts;
    this.faults = opts.faults;
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  async start(): Promise<void> {
    const {
      mountpoint,
      fs,
      faults,
      trace,
      requestTimeout,
      allowOther,
      serverPermissions,
      offload,
      beforeMount,
    } = this.opts;
    const dev = openFuseDevice();
    this.dev = dev;
    try {
      await beforeMount?.(dev.fd);
      await mountFuse({ mountpoint, devFd: dev.fd, access: { allowOther, serverPermissions } });
    } catch (err) {
      this.releaseDevice();
      throw err;
    }
    this.conn = connectionAt(mountpoint) ?? -1;
    // the reader starts after the mount: a read of a device not yet mounted is
    // refused (fuse_dev_read: no fuse_dev yet, EPERM); INIT is queued by now
    const reader = new DeviceReader({ devFd: dev.fd });
    this.reader = reader;
    const engine = new Engine({
      fs,
      faults,
      trace,
      devFd: dev.fd,
      reader,
      requestTimeout,
      serverPermissions,
      ...(offload && { offload }),
    });
    this.engine = engine;
    engine.on('init', (n: { warnings: string[]; requestTimeout?: number }) => {
      this.requestTimeout = n.requestTimeout;
      for (const w of n.warnings) process.stderr.write(`fusefault: ${w}\n`);
    });
    reader.on('request', (buf) => engine.onRequest(buf));
    this.readerExit = new Promise((resolve) =>
      reader.once('exit', (code) => {
        resolve();
        if (!this.closing) void this.lost(code);
      }),
    );
    let inited = false;
    const init = new Promise<void>((resolve) => engine.once('init', () => resolve()));
    void init.then(() => (inited = true));
    // the kernel queues INIT at mount time (fuse_send_init): it comes at once or never
    await waitForExit(Promise.race([init, this.readerExit]), INIT_TIMEOUT_MS);
    if (!inited) {
      if (!this.finished && !this.closing) await this.close('no FUSE_INIT');
      await this.done;
      throw new Error(`the connection on ${mountpoint} ended before FUSE_INIT was answered`);
    }
    trace.emit({ ev: 'mount', ts: monotonic(), mountpoint, conn: this.conn });
  }

  stop(reason: string): Promise<void> {
    return this.need().stop(reason);
  }

  resume(): void {
    this.need().resume();
  }

  subscribe(listener: (ev: TraceEvent) => void): () => void {
    return this.opts.trace.subscribe(listener);
  }

  status(): ServerStatus & { deviceFd?: number; held: Omit<HeldFile, 'handle'>[] } {
    const e = this.engine;
    const st: ServerStatus & { deviceFd?: number; held: Omit<HeldFile, 'handle'>[] } = {
      backend: 'raw',
      mountpoint: this.opts.mountpoint,
      conn: this.conn,
      pid: process.pid,
      stopped: e?.stopped ?? false,
      inflight: e?.inflight.info() ?? [],
      counts: { ...(e?.counts ?? {}) },
      held: this.held.map(({ path, fd, belowDevice }) => ({ path, fd, belowDevice })),
    };
    if (this.dev) st.deviceFd = this.dev.fd;
    return st;
  }

  async holdOpen(path: string, flags: HoldFlags, opts: { create?: boolean } = {}): Promise<number> {
    const dev = this.dev;
    if (!dev || this.closing) throw new Error('not serving');
    const h = await holdOpen(dev, this.opts.mountpoint, path, flags, opts);
    this.held.push(h);
    this.opts.trace.emit({
      ev: 'hold',
      ts: monotonic(),
      path: h.path,
      fd: h.fd,
      deviceFd: dev.fd,
      belowDevice: h.belowDevice,
    });
    return h.fd;
  }

  /** Answers everything held, closes held files, unmounts, and ends reading. */
  close(reason: string): Promise<void> {
    this.closing ??= this.doClose(reason);
    return this.closing;
  }

  private async doClose(reason: string): Promise<void> {
    if (this.finished) return;
    this.engine?.drain();
    // our own FLUSH/RELEASE for these are answered by this process (no faults now)
    await Promise.allSettled(this.held.map((h) => h.handle.close()));
    const { mountpoint } = this.opts;
    await unmount(mountpoint).catch((err: Error) => this.engine?.traceError(err.message));
    if (this.readerExit && !(await waitForExit(this.readerExit, 2000))) {
      // still connected: a lazy unmount left users behind; cut the connection
      if (this.conn >= 0) await abortConnection(this.conn).catch(() => false);
      if (!(await waitForExit(this.readerExit, 2000))) this.reader?.close();
      await this.readerExit;
    }
    this.finish(reason, { code: 0, message: reason });
  }

  // The reader ended without close(): unmounted or aborted from outside, or its
  // read of the device failed otherwise.
  private async lost(code: number): Promise<void> {
    const { mountpoint } = this.opts;
    let end: EndReason;
    if (connectionAt(mountpoint) !== this.conn) {
      end = { code: 0, message: `${mountpoint} was unmounted from outside` };
    } else if (code === READER_EXIT_UNMOUNTED || code === READER_EXIT_ABORTED) {
      // with a request timeout the kernel itself aborts when a request waits too long
      // (fuse_check_timeout), and the reader cannot tell the two apart
      const t = this.requestTimeout;
      const by = t
        ? ` (from outside, or by the kernel after a request waited over ${t} s)`
        : ' from outside';
      end = { code: 1, message: `connection ${this.conn} was aborted${by}` };
    } else {
      end = { code: 1, message: `reading /dev/fuse failed (reader code ${code})` };
      await abortConnection(this.conn).catch(() => false);
    }
    this.engine?.drain();
    await Promise.allSettled(this.held.map((h) => h.handle.close()));
    if (connectionAt(mountpoint) === this.conn) {
      await unmount(mountpoint).catch((err: Error) => this.engine?.traceError(err.message));
    }
    this.finish(end.message, end);
  }

  private finish(reason: string, end: EndReason): void {
    if (this.finished) return;
    this.finished = true;
    this.endReason = end;
    this.opts.trace.emit({ ev: 'unmount', ts: monotonic(), reason });
    this.engine?.detach();
    this.releaseDevice();
    this.resolveDone();
  }

  private releaseDevice(): void {
    const dev = this.dev;
    if (!dev) return;
    for (const p of dev.placeholders) closeSync(p);
    dev.placeholders.length = 0;
    // the reader owns the fd once it runs (libuv watches it until it closes it)
    if (this.reader) this.reader.close();
    else closeSync(dev.fd);
    this.dev = undefined;
  }

  private need(): Engine {
    if (!this.engine) throw new Error('not serving yet');
    return this.engine;
  }
}
