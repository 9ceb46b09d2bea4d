import t from 'tap';
import { scanLine, Tail, type ConsoleState } from '../../../harness/vm/console.js';

const scan = (lines: string[]) =>
  lines.reduce<ConsoleState>((s, l) => scanLine(s, l), { initReached: false });

t.test('init and run markers', async (t) => {
  const s = scan([
    'SeaBIOS',
    '@@FUSEFAULT-INIT 6.1.0-50-cloud-amd64\r',
    'ok 1 - x',
    '@@FUSEFAULT-RUN-EXIT 1',
  ]);
  t.same(s, { initReached: true, release: '6.1.0-50-cloud-amd64', runExit: 1 });
});

t.test('a marker after firmware output on the same line still counts', async (t) => {
  const s = scan(['Booting from ROM..\x1bc@@FUSEFAULT-INIT 6.1.0-56-cloud-amd64']);
  t.same(s, { initReached: true, release: '6.1.0-56-cloud-amd64' });
});

t.test('a crash before init is a boot crash, after it is not', async (t) => {
  const boot = scan(['[ 1.2] traps: double fault: 0000 [#1] PREEMPT SMP', '@@FUSEFAULT-INIT x']);
  t.same(boot.crash, {
    line: '[ 1.2] traps: double fault: 0000 [#1] PREEMPT SMP',
    beforeInit: true,
  });
  const late = scan([
    '@@FUSEFAULT-INIT x',
    '[ 9.1] Kernel panic - not syncing: hung_task: blocked tasks',
  ]);
  t.equal(late.crash?.beforeInit, false);
  t.equal(
    scan(['@@FUSEFAULT-INIT x', 'INFO: task stat:172 blocked for more than 120 seconds.']).crash,
    undefined,
  );
});

t.test('Tail keeps the last lines and strips escapes', async (t) => {
  const tail = new Tail(3);
  t.same(tail.push('a\nb\x1b[2J\r\nc'), ['a', 'b']);
  t.same(tail.push('d\ne\nf'), ['cd', 'e']);
  t.same(tail.last(), ['cd', 'e', 'f']);
  t.same(tail.last(2), ['e', 'f']);
});
