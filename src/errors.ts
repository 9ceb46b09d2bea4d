// Errors a user caused (bad spec, bad mountpoint, bad control message): the CLI
// prints the one-line message and exits 2, with nothing left mounted.
export class UsageError extends Error {
  override name = 'UsageError';
}

// An errno-carrying failure from the filesystem, sent back to the kernel as -errno.
export class FsError extends Error {
  override name = 'FsError';
  constructor(
    readonly errno: number,
    message?: string,
  ) {
    super(message ?? `errno ${errno}`);
  }
}
