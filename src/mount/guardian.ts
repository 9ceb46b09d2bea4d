// The guardian: libfuse's auto_unmount for `serve`. When a server dies without
// unmounting (SIGKILL), the kernel aborts its connection once the last /dev/fuse
// fd is released (fuse_dev_release), but the mount stays, answering ENOTCONN,
// and so does the control socket file. A small process that outlives the server
// takes both away.
//
// It is a few lines of python3 rather than a second Node runtime (~40 MB and a
// slow start). It holds no /dev/fuse fd and no file on the mount (every fd
// above stdio is closed first, cwd is /), and runs in a session of its own, so a
// signal to the server's process group does not reach it.
//
// "Dead" must mean fully dead: a server SIGKILLed while it holds a file on its
// own mount leaves a thread in do_exit -> exit_files -> fuse_flush, waiting in D
// for a FLUSH nobody answers; that hang is what some cases measure, so it must
// last until they end it. A pidfd becomes readable only when the whole thread
// group has exited (pidfd_poll: thread_group_exited), not when the leader alone
// is a zombie. The pidfd is checked to be the server's by getppid(): the guardian
// is reparented only once every thread of the server has exited
// (forget_original_parent), so a pid reused in between can never be mistaken.
//
// Then, only if the topmost mount at the mountpoint still has the server's
// connection: abort it and unmount lazily (umount -c: no stat of a dead mount);
// and remove the socket file if it is still the very socket serve created.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

// the interpreter itself, not a wrapper (a pyenv shim is a bash script that
// would stand between serve and the guardian)
const PYTHON = ['/usr/bin/python3', '/bin/python3'].find((p) => existsSync(p)) ?? 'python3';

// the first line names it on the timeline and in `fusefault demo` (harness/timeline/label.ts)
const GUARDIAN_PY = String.raw`# fusefault guardian
import os, re, select, stat, subprocess, sys

pid, conn, mountpoint, sock = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
os.closerange(3, 1 << 20)

def sock_id(path):
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISSOCK(st.st_mode) else None

def unescape(s):
    return re.sub(r'\\([0-7]{3})', lambda m: chr(int(m.group(1), 8)), s)

# MKDEV(major, minor) of the topmost FUSE mount at mountpoint (fuse_ctl_add_conn)
def conn_at(path):
    top = None
    with open('/proc/self/mountinfo', errors='surrogateescape') as f:
        for line in f:
            pre, _, post = line.partition(' - ')
            p = pre.split(' ')
            if len(p) > 4 and unescape(p[4]) == path:
                top = (p[2], post.split(' ')[0])
    if top is None or not (top[1] in ('fuse', 'fuseblk') or top[1].startswith('fuse.')):
        return None
    major, minor = map(int, top[0].split(':'))
    return (major << 20) | minor

ours = sock_id(sock) if sock else None
# serve waits for this line, so it is alive here: a parent that is not serve is
# something in between (a wrapper script), and then nothing is ours to watch
pidfd = os.pidfd_open(pid)
if os.getppid() != pid:
    os.write(1, b'not a child of the server\n')
    sys.exit(1)
os.write(1, b'ready\n')
null = os.open(os.devnull, os.O_WRONLY)
os.dup2(null, 1)
os.dup2(null, 2)
p = select.poll()
p.register(pidfd, select.POLLIN)
while not p.poll():
    pass

for _ in range(4):
    if conn_at(mountpoint) != conn:
        break
    try:
        with open('/sys/fs/fuse/connections/%d/abort' % conn, 'w') as f:
            f.write('1')
    except OSError:
        pass
    subprocess.run(['umount', '-l', '-c', mountpoint], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if ours is not None and sock_id(sock) == ours:
    try:
        os.unlink(sock)
    except OSError:
        pass
`;

/** What the guardian watches and cleans up after. */
export interface GuardianOptions {
  conn: number;
  mountpoint: string;
  /** the control socket file to remove, if any */
  socketPath?: string;
}

/**
 * Starts the guardian of this process's mount (the caller is the server: the
 * guardian checks its pidfd against getppid) and waits until it watches.
 * Resolves with its pid, or with why there is none.
 */
export function startGuardian({
  conn,
  mountpoint,
  socketPath = '',
}: GuardianOptions): Promise<{ pid: number } | { error: string }> {
  const args = ['-c', GUARDIAN_PY, String(process.pid), String(conn), mountpoint, socketPath];
  const child = spawn(PYTHON, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: '/',
  });
  child.unref();
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => {
    const done = (r: { pid: number } | { error: string }) => {
      child.stdout.destroy();
      child.stderr.destroy();
      resolve(r);
    };
    child.once('error', (err) => done({ error: `${PYTHON}: ${err.message}` }));
    child.stdout.on('data', () => {
      if (out.includes('ready\n') && child.pid) done({ pid: child.pid });
    });
    child.once('exit', () => done({ error: out.trim().split('\n').at(-1) || 'exited' }));
  });
}
