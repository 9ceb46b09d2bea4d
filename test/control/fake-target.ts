// A small ControlTarget for control socket tests: real rules and a real Trace,
// stop/resume/open recorded instead of touching a mount.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Test } from 'tap';
import { dir } from 'tmp-promise';
import { startControlServer } from '../../src/control/server.js';
import { UsageError } from '../../src/errors.js';
import type { HoldFlags } from '../../src/control/protocol.js';
import type { ControlTarget, ServerStatus } from '../../src/control/types.js';
import { FaultSet } from '../../src/faults/rules.js';
import { Trace } from '../../src/trace/trace.js';
import type { TraceEvent } from '../../src/trace/types.js';

/** Records what the control server asked of it. */
export class FakeTarget implements ControlTarget {
  readonly faults = new FaultSet();
  readonly trace = new Trace();
  stopped = false;
  stopReasons: string[] = [];
  /** when set, stop() refuses with this message, as fuse-native does */
  refuseStop: string | undefined;
  /** when set, stop() waits for this before it resolves */
  stopGate: Promise<void> | undefined;
  subscribers = 0;
  readonly handles: FileHandle[] = [];

  async stop(reason: string): Promise<void> {
    if (this.refuseStop !== undefined) throw new UsageError(this.refuseStop);
    await this.stopGate;
    this.stopReasons.push(reason);
    this.stopped = true;
  }

  resume(): void {
    this.stopped = false;
  }

  status(): ServerStatus {
    return {
      backend: 'raw',
      mountpoint: '/mnt/fake',
      conn: 77,
      pid: process.pid,
      stopped: this.stopped,
      inflight: [{ unique: '18', op: 'flush', path: '/a', pid: 1234, held: 'stall', ageMs: 2500 }],
      counts: { lookup: 3, flush: 1 },
    };
  }

  subscribe(listener: (ev: TraceEvent) => void): () => void {
    this.subscribers += 1;
    const off = this.trace.subscribe(listener);
    return () => {
      this.subscribers -= 1;
      off();
    };
  }

  /** every holdOpen's create option, in order */
  creates: boolean[] = [];

  async holdOpen(path: string, flags: HoldFlags, { create = false } = {}): Promise<number> {
    this.creates.push(create);
    const fh = await open(path, { r: 'r', w: 'r+', rw: 'r+' }[flags]);
    this.handles.push(fh);
    return fh.fd;
  }

  async close(): Promise<void> {
    for (const fh of this.handles.splice(0)) await fh.close();
    await this.trace.close();
  }
}

/** Resolves once COND holds, polling; rejects after a generous deadline. */
export async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A control server on a fresh socket in a temporary directory, serving a FakeTarget; undone at teardown. */
export async function serveFakeTarget(t: Test) {
  const d = await dir({ unsafeCleanup: true });
  const sock = join(d.path, 'ctl.sock');
  const target = new FakeTarget();
  const server = await startControlServer(sock, target);
  t.teardown(async () => {
    await server.close();
    await target.close();
    await d.cleanup();
  });
  return { sock, target, server, dir: d.path };
}
