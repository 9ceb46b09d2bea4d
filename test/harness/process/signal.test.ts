import { spawn } from 'node:child_process';
import { once } from 'node:events';
import t from 'tap';
import { sendSignal } from '../../../harness/process/signal.js';
import type { TimelineHooks } from '../../../harness/timeline/recorder.js';

// only the hook sendSignal calls
const hooks = (signal: TimelineHooks['signal']) => ({ timeline: { signal } as TimelineHooks });

t.test('the signal is sent, then recorded on the timeline', async (t) => {
  const child = spawn('sleep', ['30']);
  const seen: [number, string][] = [];
  sendSignal(
    hooks((pid, sig) => void seen.push([pid, sig])),
    child.pid!,
    'SIGKILL',
  );
  const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
  t.equal(signal, 'SIGKILL', 'the process died of it');
  t.same(seen, [[child.pid, 'SIGKILL']], 'and the timeline has it');
});

t.test('a signal that could not be sent is not recorded', async (t) => {
  const child = spawn('true');
  await once(child, 'exit');
  const seen: unknown[] = [];
  t.throws(
    () =>
      sendSignal(
        hooks(() => void seen.push(1)),
        child.pid!,
        'SIGKILL',
      ),
    { code: 'ESRCH' },
  );
  t.same(seen, [], 'nothing recorded');
});

t.test('without a timeline the signal is still sent', async (t) => {
  const child = spawn('sleep', ['30']);
  sendSignal(undefined, child.pid!, 'SIGTERM');
  const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
  t.equal(signal, 'SIGTERM');
});
