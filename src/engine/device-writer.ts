// Writing replies to /dev/fuse from the server process, on its own fd. The kernel
// matches a reply to its request by unique (fuse_dev_do_write -> request_find);
// one write must carry the whole reply, header first.
import { writeSync, writevSync } from 'node:fs';
import { outHeader } from '../proto/header.js';
import { encodeReply } from '../proto/reply.js';

const SMALL = 4096;

/** 'ok', or 'gone' when the kernel had already dropped the request. */
export type WriteResult = 'ok' | 'gone';

/**
 * Writes the reply {unique, error, body}. ENOENT: the request is no longer in
 * the kernel's processing list (interrupted and ended, or the reply is to an
 * INTERRUPT whose target was answered); ENODEV: the connection is gone. Both
 * mean nobody waits for this reply: 'gone', not an error.
 */
export function writeReply(fd: number, unique: bigint, error: number, body?: Buffer): WriteResult {
  const len = error === 0 ? (body?.length ?? 0) : 0;
  try {
    if (len === 0) writeSync(fd, outHeader(unique, error, 0));
    // small bodies: one copy and write(2) is cheaper than building an iovec
    else if (len <= SMALL) writeSync(fd, encodeReply(unique, 0, body));
    else writevSync(fd, [outHeader(unique, 0, len), body as Buffer]);
    return 'ok';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENODEV') return 'gone';
    throw err;
  }
}
