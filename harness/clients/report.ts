// What every scripted client prints: one JSON object per line on stdout. A line
// with `enter` is printed just before a syscall that may block, so a case can
// tell "never started" from "started and stuck"; the line after it carries
// the syscall's result or errno. `ts` is CLOCK_MONOTONIC seconds, the clock of
// the server's trace, so both can be lined up.

export interface ClientReport {
  step: string;
  syscall: string;
  /** set on the line printed right before the syscall */
  enter?: true;
  /** what the syscall returned (bytes, fd, size, exit status...) */
  result?: number | string;
  /** the errno name when it failed ('EINTR', 'ETXTBSY', ...) */
  errno?: string;
  ts: number;
  /** free-form details: path, signal caught, pid */
  detail?: Record<string, unknown>;
}

/** Parses one stdout line; anything that is not a report (stray output) gives undefined. */
export function parseReport(line: string): ClientReport | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(text) as Partial<ClientReport>;
    if (typeof v.step !== 'string' || typeof v.syscall !== 'string' || typeof v.ts !== 'number') {
      return undefined;
    }
    return v as ClientReport;
  } catch {
    return undefined;
  }
}
