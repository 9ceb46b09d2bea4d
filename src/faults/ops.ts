// Operation names a fault rule may name: the rows of the opcode table
// (src/proto/opcodes.ts, after include/uapi/linux/fuse.h enum fuse_opcode),
// so a new opcode there is a new name here. Left out: INTERRUPT, which has
// rules of its own (`interrupts:...`); NOTIFY_REPLY, the server's own answer
// to a retrieve notification, never a request of a client; CUSE_INIT, which
// only a CUSE device sends.
import { CUSE_INIT, FUSE_INTERRUPT, FUSE_NOTIFY_REPLY, OPCODES } from '../proto/opcodes.js';

const NOT_RULED: ReadonlySet<number> = new Set([FUSE_INTERRUPT, FUSE_NOTIFY_REPLY, CUSE_INIT]);

/** Every operation name a spec accepts, in opcode order. */
export const FAULT_OPS: readonly string[] = [...OPCODES]
  .filter(([opcode]) => !NOT_RULED.has(opcode))
  .sort(([a], [b]) => a - b)
  .map(([, row]) => row.name);

/** Fast membership for FAULT_OPS. */
export const FAULT_OP_SET: ReadonlySet<string> = new Set(FAULT_OPS);
