// errno names and numbers of this machine (os.constants.errno), so a spec
// can say `errno=EIO` or `errno=5` and the trace can name what was sent.
import { constants } from 'node:os';

const BY_NAME: ReadonlyMap<string, number> = new Map(Object.entries(constants.errno));
// Several names share a number (EWOULDBLOCK = EAGAIN, EDEADLOCK = EDEADLK):
// the first one os.constants lists is the one we print.
const BY_NUMBER: ReadonlyMap<number, string> = new Map(
  [...BY_NAME].reverse().map(([name, n]) => [n, name] as const),
);

// fuse_dev_do_write (fs/fuse/dev.c) refuses a reply whose error is <= -1000
// with EINVAL, and 512 and up are the kernel's internal restart codes
// (ERESTARTSYS ...), which a caller must never see: keep below 512.
const MAX_ERRNO = 511;

/** errno number for NAME ('EIO') or a decimal number; undefined when unknown. */
export function errnoNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= MAX_ERRNO ? n : undefined;
  }
  // ASCII letters only: toUpperCase folds 'ı' (dotless i) to 'I', and 'eıo' is not EIO
  return /^[A-Za-z0-9]+$/.test(text) ? BY_NAME.get(text.toUpperCase()) : undefined;
}

/** The conventional name of errno N ('EIO'), or its number as text. */
export function errnoName(n: number): string {
  return BY_NUMBER.get(Math.abs(n)) ?? String(Math.abs(n));
}
