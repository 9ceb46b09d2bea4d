import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { busiest, samplePlacement } from '../../bench/placement.js';

t.test('busiest: the thread that ran the most since the last sample', async (t) => {
  const prev = new Map([
    [1, 1000],
    [2, 5000],
  ]);
  const rows: [now: { tid: number; runNs: number; cpu: number }[], tid: number | undefined][] = [
    [
      [
        { tid: 1, runNs: 9000, cpu: 0 },
        { tid: 2, runNs: 6000, cpu: 1 },
      ],
      1,
    ],
    // the thread with the most time in all is not the one that served now
    [
      [
        { tid: 1, runNs: 1500, cpu: 0 },
        { tid: 2, runNs: 9000, cpu: 1 },
      ],
      2,
    ],
    // nobody ran: no serving thread
    [
      [
        { tid: 1, runNs: 1000, cpu: 0 },
        { tid: 2, runNs: 5000, cpu: 1 },
      ],
      undefined,
    ],
    // a thread seen for the first time has no interval yet
    [[{ tid: 3, runNs: 99999, cpu: 1 }], undefined],
  ];
  for (const [now, tid] of rows) t.equal(busiest(prev, now)?.tid, tid);
});

// a "server" that spins on CPU 0, and a "client" asleep, pinned to CPU C
async function together(clientCpu: number): Promise<number> {
  const server = spawn('taskset', ['-c', '0', 'sh', '-c', 'while :; do :; done']);
  const client = spawn('taskset', ['-c', String(clientCpu), 'sleep', '5']);
  try {
    // taskset execs its command: wait until both are what they will run as
    await sleep(200);
    const stop = samplePlacement(client.pid!, server.pid!, 20);
    await sleep(400);
    return stop();
  } finally {
    server.kill('SIGKILL');
    client.kill('SIGKILL');
  }
}

t.test('samplePlacement: a client pinned beside the server, then away from it', async (t) => {
  t.equal(await together(0), 1, 'both on CPU 0: together in every sample');
  t.equal(await together(1), 0, 'client on CPU 1: never together');
});
