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

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: any
// of them in an echoed argument would break "one line on stderr" (or move the
// cursor), so they are written as escapes instead.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** TEXT with every control character escaped (\n, \t, \x1b, \u2028): always one line. */
export function oneLine(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return (
      NAMED[c] ??
      (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`)
    );
  });
}

/** A user's argument as an error message echoes it: in single quotes, on one line. */
export function quote(text: string): string {
  return `'${oneLine(text)}'`;
}
