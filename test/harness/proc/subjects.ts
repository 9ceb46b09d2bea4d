// Tiny live subjects for the /proc tests: each prints one "ready ..." line with
// the ids that matter, then waits to be killed. kill() ends them and waits.
import { execa, type ResultPromise } from 'execa';

export interface Subject {
  pid: number;
  /** the numbers after "ready" on the subject's first line */
  ids: number[];
  proc: ResultPromise;
  kill(): Promise<void>;
}

// x86_64 SYS_exit is 60, arm64's 93: exit only the calling thread, like the
// leader of a multithreaded process whose main thread returned via pthread_exit.
const PY = {
  sleeper: 'import time\nprint("ready", flush=True)\ntime.sleep(600)',
  zombieParent: [
    'import os, time',
    'pid = os.fork()',
    'if pid == 0: os._exit(0)',
    'print("ready", pid, flush=True)',
    'time.sleep(600)',
  ].join('\n'),
  zombieLeader: [
    'import ctypes, os, threading, time',
    'libc = ctypes.CDLL(None)',
    'def worker():',
    '    time.sleep(0.2)',
    '    print("ready", threading.get_native_id(), flush=True)',
    '    time.sleep(600)',
    'threading.Thread(target=worker).start()',
    'libc.syscall(93 if os.uname().machine == "aarch64" else 60, 0)',
  ].join('\n'),
  signalHolder: [
    'import signal, threading, time',
    'signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGUSR2})',
    'signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR2)',
    'print("ready", flush=True)',
    'time.sleep(600)',
  ].join('\n'),
};

// Starts one subject and waits for its ready line.
export async function spawnSubject(kind: keyof typeof PY): Promise<Subject> {
  const proc = execa('python3', ['-c', PY[kind]], { reject: false, buffer: false });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    proc.once('exit', () => reject(new Error(`${kind} exited before ready`)));
  });
  const ids = line.split(' ').slice(1).map(Number);
  return {
    pid: proc.pid as number,
    ids,
    proc,
    async kill() {
      proc.kill('SIGKILL');
      await proc;
    },
  };
}
