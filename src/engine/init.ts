// FUSE_INIT negotiation. The reply carries min(kernel minor, ours) and only flags
// this engine implements *and* the kernel offered (process_init_reply ignores the
// rest, but the trace should say what is really in effect).
import {
  FUSE_ASYNC_READ,
  FUSE_BIG_WRITES,
  FUSE_HANDLE_KILLPRIV,
  FUSE_INIT_EXT,
  FUSE_KERNEL_MINOR_VERSION,
  FUSE_KERNEL_VERSION,
  FUSE_MAX_PAGES,
  FUSE_REQUEST_TIMEOUT,
} from '../proto/constants.js';
import { initFlagNames } from '../proto/init-flags.js';
import type { FuseInitIn, FuseInitOut } from '../proto/types.js';

/**
 * max_write we negotiate: 1 MiB, what libfuse3 asks for by default (libfuse2
 * cannot go past 128 KiB): a 1 MiB write(2) is one WRITE round trip, not
 * eight. Measured on the quiet 2-core VM, 512 MiB dd, one server each: written
 * over in place 0.39 s with 128 KiB against 0.22 s with 1 MiB; to a new file
 * 2.1 s against 1.7 s (bound by the first touch of MemFs's fresh memory);
 * reads unchanged (readahead sizes them). The device reader's 1 MiB + 4 KiB
 * buffer holds it with its headers (the kernel wants max_write +
 * fuse_in_header + fuse_write_in: fuse_dev_do_read).
 */
export const MAX_WRITE = 1 << 20;
/**
 * max_background and congestion_threshold we ask for (the kernel's defaults are
 * 12 and 9): how many background requests (readahead, async reads, FLUSH of an
 * exiting task's files...) may be queued before new ones wait in
 * fuse_request_queue_background, and when the bdi counts as congested. The
 * fuse-native backend passes the same numbers to libfuse, so both backends put
 * the same limits on the same clients.
 */
export const MAX_BACKGROUND = 64;
/** see MAX_BACKGROUND */
export const CONGESTION_THRESHOLD = 48;
// max_pages: MAX_WRITE in 4 KiB pages (the kernel's cap is FUSE_MAX_MAX_PAGES = 256)
const MAX_PAGES = MAX_WRITE / 4096;

// What the engine implements: reads may be in flight in parallel (ASYNC_READ),
// writes bigger than a page (BIG_WRITES) up to max_pages (MAX_PAGES).
const IMPLEMENTED = FUSE_ASYNC_READ | FUSE_BIG_WRITES | FUSE_MAX_PAGES;

export interface Negotiated {
  out: FuseInitOut;
  /** the minor both sides now speak */
  minor: number;
  /** names of the flags in effect (sent by us and offered by the kernel) */
  flags: string[];
  /** request timeout in effect, seconds */
  requestTimeout?: number;
  /** one-line notes for stderr and the trace (a requested feature the kernel lacks) */
  warnings: string[];
}

/**
 * The reply to the kernel's INIT; requestTimeout is asked for only if the kernel
 * offers it. handleKillpriv: the filesystem drops setuid/setgid on write,
 * truncate and chown itself, so the kernel sends no SETATTR(mode) for it
 * (fuse_setattr): that SETATTR would come from the writer, who may not chmod.
 */
export function negotiateInit(
  init: FuseInitIn,
  {
    requestTimeout,
    handleKillpriv = false,
  }: { requestTimeout?: number; handleKillpriv?: boolean } = {},
): Negotiated {
  const minor = Math.min(init.minor, FUSE_KERNEL_MINOR_VERSION);
  const warnings: string[] = [];
  let flags = (IMPLEMENTED | (handleKillpriv ? FUSE_HANDLE_KILLPRIV : 0n)) & init.flags;
  let timeout = 0;
  if (requestTimeout !== undefined) {
    // bit 42 lives in flags2, which the kernel reads only with FUSE_INIT_EXT
    const offered =
      (init.flags & FUSE_REQUEST_TIMEOUT) !== 0n && (init.flags & FUSE_INIT_EXT) !== 0n;
    if (offered) {
      flags |= FUSE_REQUEST_TIMEOUT | FUSE_INIT_EXT;
      timeout = Math.min(Math.max(Math.round(requestTimeout), 1), 0xffff);
    } else {
      warnings.push(
        `kernel protocol 7.${init.minor} does not offer FUSE_REQUEST_TIMEOUT: no request timeout`,
      );
    }
  }
  const out: FuseInitOut = {
    major: FUSE_KERNEL_VERSION,
    minor,
    maxReadahead: init.maxReadahead,
    flags,
    maxBackground: MAX_BACKGROUND,
    congestionThreshold: CONGESTION_THRESHOLD,
    maxWrite: MAX_WRITE,
    timeGran: 1,
    maxPages: MAX_PAGES,
    mapAlignment: 0,
    maxStackDepth: 0,
    requestTimeout: timeout,
  };
  const result: Negotiated = { out, minor, flags: initFlagNames(flags), warnings };
  if (timeout) result.requestTimeout = timeout;
  return result;
}
