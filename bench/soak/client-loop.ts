// The client loop run against a serve while it is killed: a python3 process
// writing, stat-ing and reading small files on the mount until the first
// error, which it names ("error ENOTCONN"), or until its own time is up.
import { spawn, type ChildProcess } from 'node:child_process';

const LOOP = `
import errno, os, sys, time
mnt, secs = sys.argv[1], float(sys.argv[2])
end = time.monotonic() + secs
i = 0
while time.monotonic() < end:
    p = os.path.join(mnt, 'f%d' % (i % 8))
    try:
        with open(p, 'wb') as f:
            f.write(b'x' * 4096)
        os.stat(p)
        with open(p, 'rb') as f:
            f.read()
    except OSError as e:
        print('error', errno.errorcode.get(e.errno, e.errno), flush=True)
        sys.exit(3)
    if i == 0:
        print('ready', flush=True)
    i += 1
print('timeout', flush=True)
sys.exit(4)
`;

/** A running client loop. */
export interface ClientLoop {
  proc: ChildProcess;
  /** resolves once the loop has done one round without error */
  ready: Promise<boolean>;
  /** resolves when it exits: its last line ("error ENOTCONN", "timeout") */
  done: Promise<string>;
}

/** Starts the loop on MOUNTPOINT for at most SECS seconds. */
export function startClientLoop(mountpoint: string, secs: number): ClientLoop {
  const proc = spawn('python3', ['-c', LOOP, mountpoint, String(secs)], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  let onReady: (ok: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((r) => (onReady = r));
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) onReady(true);
  });
  const done = new Promise<string>((resolve) =>
    proc.on('close', (code, signal) => {
      onReady(false);
      const last = out.trim().split('\n').at(-1) ?? '';
      resolve(last || `exit ${code ?? signal}`);
    }),
  );
  return { proc, ready, done };
}
