// Writing replies to /dev/fuse from the server process, on its own fd. The kernel
// matches a reply to its request by unique (fuse_dev_do_write -> request_find);
// one write must carry the whole reply, header first.
import { writeSync, writevSync } from 'node:fs';
import { outHeader } from '../proto/header.js';

/** 'ok', or 'gone' when the kernel had already dropped the request. */
export type WriteResult = 'ok' | 'gone';

/**
 * Writes the reply {unique, error, body}. ENOENT: the request is no longer in
 * the kernel's processing list (interrupted and ended, or the reply is to an
 * INTERRUPT whose target was answered); ENODEV: the connection is gone. Both
 * mean nobody waits for this reply: 'gone', not an error.
 */
export function writeReply(fd: number, unique: bigint, error: number, body?: Buffer): WriteResult {
  const len = body?.length ?? 0;
  const head = outHeader(unique, error, error === 0 ? len : 0);
  try {
    if (error !== 0 || len === 0) writeSync(fd, head);
    else writevSync(fd, [head, body as Buffer]);
    return 'ok';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENODEV') return 'gone';
    throw err;
  }
}
