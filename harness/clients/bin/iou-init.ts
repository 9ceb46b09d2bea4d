// iou-init: the init of a new pid namespace that keeps io_uring busy, as the
// Node 20 program of the incident did. With UV_USE_IO_URING=1 libuv submits
// fs calls through a ring polled by a kernel thread of this process
// (iou-sqp-N), and IORING_OP_STATX always goes to io-wq workers (iou-wrk-N),
// threads of this process too. It forks --children sleepers (they keep init's
// zap_pid_ns_processes waiting, and one of them drops the mount namespace
// last), keeps --inflight fs.stat calls going, reports its threads, then ends
// with the calls still in flight after --exit-after ms (0: wait to be killed):
// --exit-by exit calls process.exit (exit_group), abort calls process.abort,
// a crash: SIGABRT is ignored by a namespace init, so libc's abort() ends in
// a forced SIGSEGV, which kills the whole group.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, stat } from 'node:fs';
import { args, emit } from './emit.js';

const opts = args();
const children = Number(opts.get('children') ?? 2);
const inflight = Number(opts.get('inflight') ?? 32);
const exitAfter = Number(opts.get('exit-after') ?? 1500);
const exitBy = opts.get('exit-by') ?? 'exit';
// a few paths whose lookups take the worker through procfs and the rootfs
const paths = ['/proc/self/status', '/proc/1/stat', '/', '/proc', '/dev/null', '/tmp'];

// --children-cpus MASK: the sleepers' affinity (taskset), when init itself is pinned
const childCpus = opts.get('children-cpus');
const sleeper = childCpus ? ['taskset', childCpus, 'sleep', '3600'] : ['sleep', '3600'];
const kids = Array.from({ length: children }, () => {
  const c = spawn(sleeper[0]!, sleeper.slice(1), { stdio: 'ignore' });
  return c.pid ?? -1;
});

let done = 0;
let failed = 0;
function loop(i: number): void {
  stat(paths[i % paths.length]!, (err) => {
    if (err) failed++;
    else done++;
    loop(i + 1);
  });
}
for (let i = 0; i < inflight; i++) loop(i);

function threads(): string[] {
  return readdirSync('/proc/self/task').map((tid) => {
    try {
      return `${tid}:${readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()}`;
    } catch {
      return `${tid}:?`;
    }
  });
}

// io_uring instances show up as anon_inode:[io_uring] fds.
function uringFds(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).includes('io_uring')) n++;
    } catch {
      /* closed meanwhile */
    }
  }
  return n;
}

// Report once the workers had time to appear (they are created on demand).
setTimeout(() => {
  const detail = { pid: process.pid, children: kids, threads: threads(), uringFds: uringFds() };
  emit({ step: 'ready', syscall: 'statx', result: done, detail: { ...detail, failed } });
  if (exitAfter <= 0) {
    setInterval(() => undefined, 1 << 30);
    return;
  }
  setTimeout(() => {
    const t = threads();
    const syscall = exitBy === 'abort' ? 'abort' : 'exit_group';
    emit({ step: 'exit', syscall, enter: true, detail: { done, inflight, threads: t } });
    if (exitBy === 'abort') process.abort();
    process.exit(0);
  }, exitAfter);
}, 700);
