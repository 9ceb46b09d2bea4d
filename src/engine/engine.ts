// The request lifecycle of the raw engine: decode, consult the fault rules, serve
// (now, later, or never), answer, and keep the trace. Reading /dev/fuse is the
// device reader's job (device-reader.ts, on this same event loop); this class
// sees each request it read, answers on the same device fd with write(2), and
// tells the reader when to stop reading.
import { EventEmitter } from 'node:events';
import { FsError } from '../errors.js';
import type { AtLeast } from '../faults/at-least.js';
import type { FaultSet } from '../faults/rules.js';
import type { RequestInfo } from '../faults/types.js';
import type { FileSystem } from '../fs/types.js';
import { FUSE_KERNEL_MINOR_VERSION } from '../proto/constants.js';
import { DecodeError } from '../proto/errors.js';
import { opName, opReplies } from '../proto/opcodes.js';
import { decodeRequest } from '../proto/request.js';
import type { DecodeSession, Request } from '../proto/types.js';
import type { Trace } from '../trace/trace.js';
import { monotonic } from '../trace/types.js';
import { writeReply, type WriteResult } from './device-writer.js';
import { decide } from './decide.js';
import { replyEvent, requestEvent } from './engine-trace.js';
import { dispatch, ENTRY_VALID_CACHED, ENTRY_VALID_NEVER } from './dispatch.js';
import { InflightTable, keepData, type Inflight } from './inflight.js';
import { handleInit } from './handle-init.js';
import { handleInterrupt } from './handle-interrupt.js';
import { requestPath } from './paths.js';
import { serveAsync, type Offload } from './serve-async.js';

const EIO = 5;

/** The reader as the engine needs it: stop (nothing is read once it returns) and resume. */
export interface ReaderControl {
  stop(): void;
  resume(): void;
}

export interface EngineOptions {
  fs: FileSystem;
  faults: FaultSet;
  trace: Trace;
  devFd: number;
  reader: ReaderControl;
  requestTimeout?: number;
  /**
   * the filesystem checks permissions itself (a mount without default_permissions):
   * names are not cached, and the kernel leaves dropping setuid/setgid to us
   */
  serverPermissions?: boolean;
  /** serve every request through this, off the event loop (serve-async.ts), not fs */
  offload?: Offload;
}

/** Serves decoded requests under the fault rules. Emits 'init' once INIT is answered. */
export class Engine extends EventEmitter {
  readonly fs: FileSystem;
  readonly faults: FaultSet;
  readonly trace: Trace;
  readonly devFd: number;
  readonly requestTimeout?: number;
  readonly serverPermissions: boolean;
  readonly offload?: Offload;
  readonly inflight = new InflightTable();
  readonly counts: Record<string, number> = {};
  session: DecodeSession = { minor: FUSE_KERNEL_MINOR_VERSION };
  /** set once the device fd is closed */
  private detached = false;
  /** true from stop() until resume(): nothing is processed or answered */
  stopped = false;
  /** set by close: every request is served without faults */
  draining = false;
  private readonly reader: ReaderControl;
  /** work put off while stopped, in order: requests that arrived, answers that came due */
  private queue: (() => void)[] = [];
  readonly timers = new Set<AtLeast>();

  constructor({
    fs,
    faults,
    trace,
    devFd,
    reader,
    requestTimeout,
    serverPermissions = false,
    offload,
  }: EngineOptions) {
    super();
    this.fs = fs;
    this.faults = faults;
    this.trace = trace;
    this.devFd = devFd;
    this.reader = reader;
    if (requestTimeout !== undefined) this.requestTimeout = requestTimeout;
    this.serverPermissions = serverPermissions;
    if (offload) this.offload = offload;
    faults.on('release', (rule: number | undefined) => this.release(rule));
  }

  /**
   * One request's bytes, as the reader read them. BUF is only valid during the
   * call (the reader reads the next request into the same memory): whatever is
   * kept past it is copied (keepData).
   */
  onRequest(buf: Buffer): void {
    if (this.detached) return;
    try {
      this.onBytes(buf);
    } catch (err) {
      // a bug must not take the server (and with it every client) down
      this.traceError(`request failed: ${(err as Error).stack ?? String(err)}`);
    }
  }

  /** Runs FN now, or at resume when stopped: nothing is answered while stopped. */
  whenRunning(fn: () => void): void {
    if (this.stopped) this.queue.push(fn);
    else fn();
  }

  private onBytes(buf: Buffer): void {
    let req: Request;
    try {
      req = decodeRequest(buf, this.session);
    } catch (err) {
      return this.onDecodeError(buf, err);
    }
    const op = req.op === 'unknown' ? opName(req.opcode) : req.op;
    this.counts[op] = (this.counts[op] ?? 0) + 1;
    // read while stopped: only a request decoded after the stop in the same read
    // could be; it is in userspace for the kernel (an INTERRUPT may follow), held here
    const beforeStop = this.stopped;
    const named = req.op !== 'forget' && req.op !== 'batch_forget' && req.op !== 'interrupt';
    const path = named ? requestPath(this.fs, req) : undefined;
    if (this.trace.active && req.op !== 'interrupt')
      this.trace.emit(requestEvent(req, op, path, beforeStop));
    const h = req.header;
    switch (req.op) {
      case 'init':
        return this.whenRunning(() => handleInit(this, req));
      case 'forget':
        return this.whenRunning(() => this.fs.forget(h.nodeid, req.arg.nlookup));
      case 'batch_forget':
        return this.whenRunning(() => {
          for (const f of req.arg.items) this.fs.forget(f.nodeid, f.nlookup);
        });
      case 'interrupt':
        return this.whenRunning(() => handleInterrupt(this, req));
      case 'unknown':
        // NOTIFY_REPLY and the like: the kernel waits for no answer, so none is sent
        if (!opReplies(req.opcode)) return;
        break;
      default:
        // every other request goes through the fault rules, below
        break;
    }
    const e: Inflight = {
      unique: h.unique,
      op,
      pid: h.pid,
      nodeid: h.nodeid,
      req,
      t0: process.hrtime.bigint(),
      held: beforeStop ? 'stopped' : 'serving',
    };
    if (path !== undefined) e.path = path;
    this.inflight.add(e);
    if (this.stopped) keepData(e);
    this.whenRunning(() => decide(this, e));
  }

  /** RequestInfo for the fault rules. */
  infoOf(e: Inflight): RequestInfo {
    const info: RequestInfo = { op: e.op, pid: e.pid, unique: e.unique, nodeid: e.nodeid };
    if (e.path !== undefined) info.path = e.path;
    return info;
  }

  /** Answers E from the filesystem (if it is still waiting for an answer). */
  serve(e: Inflight, outcome: string): void {
    if (this.inflight.get(e.unique) !== e) return;
    e.held = 'serving';
    const names = this.serverPermissions ? ENTRY_VALID_NEVER : ENTRY_VALID_CACHED;
    if (this.offload) return serveAsync(this, e, outcome, this.offload, names);
    let body: Buffer | undefined;
    try {
      body = dispatch(this.fs, e.req, this.session, names);
    } catch (err) {
      if (err instanceof FsError) return this.reply(e, -err.errno, undefined, 'errno');
      this.traceError(`${e.op} ${e.unique}: ${(err as Error).message}`);
      return this.reply(e, -EIO, undefined, 'errno');
    }
    this.reply(e, 0, body, outcome);
  }

  /** Writes E's reply and forgets E; the trace shows the outcome and its age. */
  reply(e: Inflight, error: number, body: Buffer | undefined, outcome: string): void {
    if (this.inflight.remove(e.unique) !== e) return;
    let wrote: WriteResult;
    try {
      wrote = writeReply(this.devFd, e.unique, error, body);
    } catch (err) {
      // EINVAL: the kernel refused the reply (a codec bug); the caller gets EIO from it
      this.traceError(`reply to ${e.op} ${e.unique}: ${(err as Error).message}`);
      return;
    }
    if (this.trace.active)
      this.trace.emit(replyEvent(e, error, wrote === 'gone' ? 'gone' : outcome));
  }

  /** Serves what rule RULE (every rule when undefined) holds back, now or at resume. */
  release(rule: number | undefined): void {
    for (const e of this.inflight.heldBy(rule)) {
      e.timer?.cancel();
      delete e.timer;
      this.whenRunning(() => this.serve(e, 'released'));
    }
  }

  /** Stops reading the device: once it returns, every new request stays queued in the kernel. */
  stop(reason: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    this.reader.stop();
    const unanswered = this.inflight.all().map((e) => e.unique.toString());
    this.trace.emit({ ev: 'stop', ts: monotonic(), reason, unanswered });
    return Promise.resolve();
  }

  /** Lets the reader go on and does, in order, everything put off while stopped. */
  resume(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.reader.resume();
    this.trace.emit({ ev: 'resume', ts: monotonic() });
    while (!this.stopped && this.queue.length) {
      try {
        this.queue.shift()?.();
      } catch (err) {
        // one failing piece of put-off work must not strand the rest
        this.traceError(`after resume: ${(err as Error).stack ?? String(err)}`);
      }
    }
  }

  /** For close: no more faults, nothing held; everything in flight is answered now. */
  drain(): void {
    this.draining = true;
    this.resume();
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    for (const e of this.inflight.all()) {
      e.timer?.cancel();
      delete e.timer;
      // an offloaded call already running answers when it returns
      if (!e.cancel) this.serve(e, 'released');
    }
  }

  /** The device is about to close: nothing may be written from now on. */
  detach(): void {
    this.detached = true;
    this.queue = [];
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    for (const e of this.inflight.all()) this.inflight.remove(e.unique);
  }

  traceError(message: string): void {
    this.trace.emit({ ev: 'error', ts: monotonic(), message });
  }

  private onDecodeError(buf: Buffer, err: unknown): void {
    if (!(err instanceof DecodeError)) throw err;
    this.traceError(`cannot decode request: ${err.message}`);
    // a request whose header we have waits for an answer: EIO rather than a hang
    if (buf.length >= 16 && err.opcode !== undefined) {
      writeReply(this.devFd, buf.readBigUInt64LE(8), -EIO);
    }
  }
}
