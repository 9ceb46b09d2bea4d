import t from 'tap';
import {
  decodeSigMask,
  maskSignals,
  signalName,
  signalNumber,
} from '../../../harness/proc/signals.js';

t.test('bit N-1 is signal N', async (t) => {
  // the ShdPnd of the Netflix write-up: SIGKILL pending
  t.same(decodeSigMask('0000000000000100'), ['SIGKILL']);
  t.same(maskSignals('0000000000000001'), [1]);
  t.same(decodeSigMask('0000000000000000'), []);
  t.same(decodeSigMask('8000000000000000'), ['SIGRTMAX']);
  t.same(decodeSigMask('0000000080000000'), ['SIGRTMIN']);
  t.same(decodeSigMask('0000000100000000'), ['SIGRTMIN+1']);
  t.equal(decodeSigMask('ffffffffffffffff').length, 64);
});

t.test('names and numbers round-trip', async (t) => {
  for (let n = 1; n <= 64; n++) t.equal(signalNumber(signalName(n)), n, signalName(n));
  t.equal(signalNumber('KILL'), 9);
  t.equal(signalNumber('sigterm'), 15);
  t.equal(signalNumber('SIGRTMIN+3'), 35);
  t.equal(signalNumber(19), 19);
  t.ok(Number.isNaN(signalNumber('SIGBOGUS')));
  t.equal(signalName(32), 'SIGRTMIN');
  t.equal(signalName(33), 'SIGRTMIN+1');
  t.equal(signalName(31), 'SIGSYS');
});
