// The opcode table: names for traces and which opcodes the kernel waits on.
import t from 'tap';
import { OPCODES, opName, opReplies } from '../../src/proto/opcodes.js';

t.test('opName', async (t) => {
  t.equal(opName(1), 'lookup');
  t.equal(opName(42), 'batch_forget');
  t.equal(opName(45), 'rename2');
  t.equal(opName(50), 'syncfs');
  t.equal(opName(52), 'statx');
  t.equal(opName(53), 'copy_file_range_64');
  t.equal(opName(99), 'unknown(99)');
  t.equal(opName(7), 'unknown(7)');
});

t.test('no reply for FORGET, INTERRUPT, NOTIFY_REPLY, BATCH_FORGET only', async (t) => {
  const silent = [...OPCODES].filter(([, i]) => !i.reply).map(([op]) => op);
  t.strictSame(
    silent.sort((a, b) => a - b),
    [2, 36, 41, 42],
  );
  t.equal(opReplies(36), false, 'an INTERRUPT answered ENOSYS turns interrupts off');
  t.equal(opReplies(1234), true, 'unknown opcodes get ENOSYS');
});

t.test('names following the fixed argument', async (t) => {
  t.equal(OPCODES.get(12)?.names, 2, 'rename');
  t.equal(OPCODES.get(6)?.names, 2, 'symlink');
  t.equal(OPCODES.get(1)?.names, 1, 'lookup');
  t.equal(OPCODES.get(15)?.names, 0, 'read');
});
