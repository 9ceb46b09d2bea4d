// BENCH_LOAD=N: N busy loops beside the servers, so the benchmark also shows how
// each server holds up when it must share the CPUs (every FUSE round trip is two
// wake-ups, and a busy CPU delays each of them).
import { spawn, type ChildProcess } from 'node:child_process';
import { onLeave } from './leftovers.js';

/** Starts N processes that spin forever; returns a function that kills them. */
export function startLoad(n: number): () => void {
  const loops: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    loops.push(spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }));
  }
  const stop = () => {
    for (const c of loops.splice(0)) c.kill('SIGKILL');
  };
  // the loops must not outlive a benchmark that fails or is interrupted
  const off = onLeave(stop);
  return () => {
    off();
    stop();
  };
}
