import t from 'tap';
import { FAULT_OP_SET, FAULT_OPS } from '../../src/faults/ops.js';
import { FaultSet } from '../../src/faults/rules.js';

t.test('every client opcode of the table is a rule name, in opcode order', async (t) => {
  t.equal(FAULT_OPS[0], 'lookup', 'opcode 1 first');
  t.equal(FAULT_OPS.at(-1), 'copy_file_range_64', 'opcode 53 (7.45) last');
  t.ok(FAULT_OP_SET.has('statx'));
  for (const left of ['interrupt', 'notify_reply', 'cuse_init']) {
    t.notOk(FAULT_OP_SET.has(left), `${left} is not a rule name`);
  }
  t.equal(new Set(FAULT_OPS).size, FAULT_OPS.length, 'no name twice');
});

t.test('a spec may name copy_file_range_64', async (t) => {
  const f = new FaultSet();
  t.doesNotThrow(() => f.add('copy_file_range_64:errno=EIO'));
  t.throws(() => f.add('notify_reply:errno=EIO'), /unknown operation/);
});
