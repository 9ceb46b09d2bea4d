// When the filesystem under test does not mount: one line that says why
// (COMMAND failed, exited without mounting, mounted somewhere else, or never
// got there), and whatever it did mount elsewhere taken away again. A
// connection is taken for ours only when a process carrying our mark holds
// its /dev/fuse fd (fdinfo names it), so nobody else's mount is touched.
import { abortConnection } from '../../src/mount/fusectl.js';
import { connectionOf, fuseMounts } from '../../src/mount/mountinfo.js';
import { unmountConnection } from '../proc/abort-stuck.js';
import { quote } from '../../src/errors.js';

/** Aborts and lazily unmounts the mounts of conns that are not on mnt; returns their mount points. */
export async function unmountElsewhere(conns: readonly number[], mnt: string): Promise<string[]> {
  const stray = fuseMounts().filter((m) => conns.includes(connectionOf(m)) && m.mountpoint !== mnt);
  for (const conn of new Set(stray.map(connectionOf))) {
    await abortConnection(conn);
    await unmountConnection(conn);
  }
  return stray.map((m) => m.mountpoint);
}

/** What mountUpper saw when it gave up. */
export interface FailureFacts {
  /** COMMAND as the user gave it */
  command: string;
  /** the shell's exit code or signal, when it exited */
  seen: { exited: number | string } | undefined;
  /** mount points COMMAND's daemon mounted instead of {mnt} */
  elsewhere: readonly string[];
  /** COMMAND's output */
  lines: readonly string[];
  timeoutMs: number;
}

/** The one line a user reads when their filesystem did not mount. */
export function mountFailure({ command, seen, elsewhere, lines, timeoutMs }: FailureFacts): string {
  const said = lines.filter((l) => l.trim()).at(-1);
  const tail = said ? `: ${said.trim()}` : '';
  const cmd = quote(command);
  if (elsewhere.length)
    return `--fs ${cmd} mounted ${elsewhere.join(', ')} instead of {mnt} (unmounted again)`;
  if (seen === undefined)
    return `--fs ${cmd}: no FUSE mount on {mnt} after ${Math.round(timeoutMs / 1000)} s${tail}`;
  if (seen.exited === 0) return `--fs ${cmd} exited without mounting {mnt}${tail}`;
  const how =
    typeof seen.exited === 'number'
      ? `exited with code ${seen.exited}`
      : `was killed (${seen.exited})`;
  return `--fs ${cmd} ${how} before mounting {mnt}${tail}`;
}
