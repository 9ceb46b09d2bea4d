// Opening /dev/fuse with spare low fd numbers kept below it. When a process dies,
// its last thread closes its fds in ascending order (close_files); a file on our
// own mount flushes (fuse_flush waits for the FLUSH) only while the device is still
// open, i.e. only if the file's fd is lower than the device fd. Once the last
// device fd is released the kernel aborts the connection (fuse_dev_release).
import { closeSync, openSync } from 'node:fs';

export interface FuseDevice {
  /** our /dev/fuse fd, O_RDWR (opened blocking; a DeviceReader makes it non-blocking) */
  fd: number;
  /** /dev/null placeholders holding fd numbers below `fd`, for files we hold open later */
  placeholders: number[];
}

/** Opens /dev/fuse after reserving RESERVE lower fd numbers with /dev/null placeholders. */
export function openFuseDevice({ reserve = 4 }: { reserve?: number } = {}): FuseDevice {
  const placeholders: number[] = [];
  for (let i = 0; i < reserve; i++) placeholders.push(openSync('/dev/null', 'r'));
  let fd: number;
  try {
    fd = openSync('/dev/fuse', 'r+');
  } catch (err) {
    for (const p of placeholders) closeSync(p);
    throw err;
  }
  for (const p of placeholders) if (p > fd) closeSync(p);
  return { fd, placeholders: placeholders.filter((p) => p < fd).sort((a, b) => a - b) };
}

/** Frees the lowest placeholder (so the next open gets that number); undefined when none is left. */
export function takePlaceholder(dev: FuseDevice): number | undefined {
  const p = dev.placeholders.shift();
  if (p !== undefined) closeSync(p);
  return p;
}
