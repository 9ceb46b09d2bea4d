// The kernel log as records, read from /dev/kmsg without blocking: each read
// returns one record "prio,seq,usec,flags;text" (continuation lines start
// with a space and are dropped). A cursor remembers the last sequence number
// seen, so a case reads only what the kernel logged after it started; a
// soft lockup on another CPU is reported there by the watchdog's hrtimer.
import { closeSync, constants, openSync, readSync } from 'node:fs';

/** One kernel log record. */
export interface KmsgRecord {
  seq: number;
  /** microseconds since boot */
  usec: number;
  text: string;
}

/** Parses one /dev/kmsg record; undefined for anything else. */
export function parseKmsg(raw: string): KmsgRecord | undefined {
  const m = /^(\d+),(\d+),(\d+),[^;]*;(.*)$/.exec(raw.split('\n')[0] ?? '');
  if (!m) return undefined;
  return { seq: Number(m[2]), usec: Number(m[3]), text: m[4]! };
}

// Every record the buffer still holds; [] when /dev/kmsg cannot be read.
function readAll(): KmsgRecord[] {
  let fd: number;
  try {
    fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return [];
  }
  const out: KmsgRecord[] = [];
  const buf = Buffer.alloc(8192);
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        // EPIPE: records were overwritten under us, the next read goes on
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') continue;
        break; // EAGAIN: nothing more
      }
      if (n <= 0) break;
      const r = parseKmsg(buf.toString('utf8', 0, n));
      if (r) out.push(r);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Reads the records logged since the cursor was made (or last read). */
export class KmsgCursor {
  private last: number;
  constructor() {
    this.last = readAll().at(-1)?.seq ?? -1;
  }
  /** whether /dev/kmsg could be read at all */
  static available(): boolean {
    try {
      closeSync(openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK));
      return true;
    } catch {
      return false;
    }
  }
  read(): KmsgRecord[] {
    const fresh = readAll().filter((r) => r.seq > this.last);
    if (fresh.length) this.last = fresh.at(-1)!.seq;
    return fresh;
  }
}
