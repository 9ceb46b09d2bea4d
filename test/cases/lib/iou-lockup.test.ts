// The pure parts of the io_uring lockup case: /dev/kmsg records, the
// watchdog's soft-lockup report with its trace, RCU stall lines, and the
// utime/stime of a stat line, from text as the kernel writes it.
import t from 'tap';
import { parseKmsg, type KmsgRecord } from '../../../cases/lib/kmsg.js';
import { parseThreadStat } from '../../../cases/lib/iou-spin.js';
import { rcuStalls, softLockups } from '../../../cases/lib/soft-lockup.js';

// Records as /dev/kmsg returns them, one read each; the trace of the
// guessing unwinder marks every frame '?'.
const RAW = [
  '6,1200,59000000,-;sleep[213]: exiting',
  '0,1201,89800000,-;watchdog: BUG: soft lockup - CPU#1 stuck for 45s! [python3:212]',
  '4,1202,89800010,-;CPU: 1 PID: 212 Comm: python3 Not tainted 6.1.192 #1',
  '4,1203,89800020,-;RIP: 0010:do_wait+0x1d2/0x300',
  '4,1204,89800030,-;Call Trace:',
  '4,1205,89800040,-; <TASK>',
  '4,1206,89800050,-; ? kernel_wait4+0x9b/0x150',
  '4,1207,89800060,-; zap_pid_ns_processes+0x8c/0x1a0',
  '4,1208,89800070,-; </TASK>',
  '4,1209,89800080,-; do_exit+0x2f1/0xa80',
  '3,1210,103400000,-;rcu: INFO: rcu_sched self-detected stall on CPU',
  '0,1211,117800000,-;watchdog: BUG: soft lockup - CPU#1 stuck for 71s! [python3:212]\n SUBSYSTEM=cpu',
];
const records = RAW.map((r) => parseKmsg(r)).filter((r): r is KmsgRecord => r !== undefined);

t.test('kmsg records: sequence, time, text; continuation lines dropped', async (t) => {
  t.equal(records.length, RAW.length);
  t.same(records[1], {
    seq: 1201,
    usec: 89800000,
    text: 'watchdog: BUG: soft lockup - CPU#1 stuck for 45s! [python3:212]',
  });
  t.equal(records.at(-1)!.text.includes('SUBSYSTEM'), false);
  t.equal(parseKmsg('not a record'), undefined);
});

t.test('soft-lockup reports: the task, the CPU, RIP and the trace up to </TASK>', async (t) => {
  const [first, second, ...more] = softLockups(records);
  t.same(more, []);
  t.same(first, {
    line: 'watchdog: BUG: soft lockup - CPU#1 stuck for 45s! [python3:212]',
    cpu: 1,
    stuckS: 45,
    comm: 'python3',
    pid: 212,
    rip: 'do_wait',
    frames: ['?kernel_wait4', 'zap_pid_ns_processes'],
  });
  t.equal(second!.stuckS, 71);
  t.same(second!.frames, [], 'the second report has no trace of its own');
  t.same(softLockups(records.slice(0, 1)), [], 'no report, none found');
});

t.test('an io_uring worker named in the report', async (t) => {
  const r = parseKmsg('0,1,1,-;watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [iou-wrk-81:99]');
  t.match(softLockups([r!]), [{ comm: 'iou-wrk-81', pid: 99, cpu: 0 }]);
});

t.test('RCU stalls', async (t) => {
  t.same(rcuStalls(records), ['rcu: INFO: rcu_sched self-detected stall on CPU']);
});

t.test('stat lines: state and utime + stime, comm with spaces and parentheses', async (t) => {
  // fields 3.. of a real line; utime 14 = 7, stime 15 = 619
  const rest = 'R 1 0 0 0 -1 4194560 0 0 0 0 7 619 0 0 20 0 1 0 1234 0 0';
  t.same(parseThreadStat(`212 (python3) ${rest}`), {
    tid: 212,
    comm: 'python3',
    state: 'R',
    ticks: 626,
  });
  t.match(parseThreadStat(`5 (a (b) c) ${rest}`), { comm: 'a (b) c', ticks: 626 });
  t.equal(parseThreadStat('garbage'), undefined);
});
