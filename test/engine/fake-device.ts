// The engine against a file standing in for /dev/fuse: requests built by the
// proto tests' oracle go in through onRequest, the replies written to the
// file are read back.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { Engine } from '../../src/engine/engine.js';
import type { Offload } from '../../src/engine/serve-async.js';
import { FaultSet } from '../../src/faults/rules.js';
import { MemFs } from '../../src/fs/memfs.js';
import * as K from '../../src/proto/constants.js';
import { Trace } from '../../src/trace/trace.js';
import type { TraceEvent } from '../../src/trace/types.js';
import { GETATTR_IN, INIT_IN } from '../proto/oracle-in.js';
import { pack, request } from '../proto/oracle.js';

/** One reply as written to the device: its header. */
export interface Reply {
  unique: bigint;
  error: number;
  len: number;
}

/** An engine after INIT, its fault rules SPECS, serving through OFFLOAD when given. */
export function setup(t: Test, specs: string[] = [], offload?: Offload) {
  const file = join(t.testdir(), 'dev');
  const devFd = openSync(file, 'w+');
  t.teardown(() => closeSync(devFd));
  const faults = new FaultSet();
  for (const s of specs) faults.add(s);
  const trace = new Trace();
  const events: TraceEvent[] = [];
  trace.subscribe((e) => events.push(e));
  const reader = { stopped: 0, resumed: 0 };
  const engine = new Engine({
    fs: new MemFs(),
    faults,
    trace,
    devFd,
    reader: {
      stop: () => void reader.stopped++,
      resume: () => void reader.resumed++,
    },
    ...(offload && { offload }),
  });
  const replies = (): Reply[] => {
    const buf = readFileSync(file);
    const out: Reply[] = [];
    for (let at = 0; at < buf.length;) {
      const len = buf.readUInt32LE(at);
      out.push({ len, error: buf.readInt32LE(at + 4), unique: buf.readBigUInt64LE(at + 8) });
      at += len;
    }
    return out;
  };
  const init = pack(INIT_IN, { major: 7, minor: 45, max_readahead: 131072, flags: 0 });
  engine.onRequest(request(K.FUSE_INIT, { unique: 1n, nodeid: 0n }, init));
  return { engine, faults, events, replies, reader };
}

/** A GETATTR request of the root. */
export const getattr = (unique: bigint) =>
  request(K.FUSE_GETATTR, { unique }, pack(GETATTR_IN, { getattr_flags: 0, fh: 0n }));
/** An INTERRUPT (its unique with FUSE_INT_REQ_BIT) for TARGET. */
export const interrupt = (unique: bigint, target: bigint) =>
  request(
    K.FUSE_INTERRUPT,
    { unique: unique | K.FUSE_INT_REQ_BIT },
    pack([['unique', 'u64']], { unique: target }),
  );
