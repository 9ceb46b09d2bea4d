// variantVerdict: a cascade needs the cmdline reader on its way to mmap_lock
// behind a queued writer while the fault is held; any other sleep is not one.
import t from 'tap';
import type { StepSeen } from '../../../harness/clients/mmap-settle.js';
import { variantVerdict, type CascadeSeen } from '../../../cases/lib/cascade-verdict.js';

const asleep = (...stack: string[]): StepSeen => ({
  kind: 'blocked-D',
  ms: 1000,
  task: { tid: 1, comm: 'x', state: 'D', stack, wchan: null },
});
const returned: StepSeen = { kind: 'returned', ms: 5 };
// the remote variant as 6.18 shows it
const REMOTE: CascadeSeen = {
  holder: asleep('filemap_fault', '__do_fault', '__access_remote_vm'),
  writer: asleep('vm_mmap_pgoff', 'do_syscall_64'),
  cmdline: asleep('__access_remote_vm', 'proc_pid_cmdline_read', 'vfs_read'),
  holderStillBlocked: true,
};
// the fault variant as 6.18 shows it: the fault dropped mmap_lock
const FAULT: CascadeSeen = {
  holder: asleep('folio_wait_bit_common', 'filemap_fault'),
  writer: returned,
  cmdline: returned,
  holderStillBlocked: true,
};

t.test('the verdict of one variant', async (t) => {
  const table: [string, CascadeSeen, string, RegExp?][] = [
    ['remote, as on 6.18', REMOTE, 'cascade'],
    ['fault, as on 6.18', FAULT, 'no-cascade'],
    [
      'a kernel listing the rwsem frames',
      { ...REMOTE, cmdline: asleep('rwsem_down_read_slowpath', 'down_read_killable') },
      'cascade',
    ],
    // any sleep of the reader is not a cascade
    [
      'the reader asleep elsewhere',
      { ...REMOTE, cmdline: asleep('pipe_read', 'vfs_read') },
      'undecided',
      /sleeps elsewhere \(pipe_read, vfs_read\)/,
    ],
    ['no writer queued', { ...REMOTE, writer: returned }, 'undecided', /no writer queued/],
    [
      'the writer asleep on something else',
      { ...REMOTE, writer: asleep('folio_wait_bit_common') },
      'undecided',
      /no writer queued on mmap_lock \(writer page of the stalled READ\)/,
    ],
    ['the writer not seen', { ...REMOTE, writer: undefined }, 'undecided', /not seen/],
    // nothing blocked: no verdict either way
    ['the holder never blocked', { ...FAULT, holder: returned }, 'undecided', /did not block/],
    [
      'the holder returned',
      { ...FAULT, holderStillBlocked: false },
      'undecided',
      /returned before/,
    ],
    [
      'the reader undecided',
      { ...REMOTE, cmdline: { kind: 'undecided', ms: 8000 } },
      'undecided',
      /cmdline reader undecided/,
    ],
    [
      'the reader exited',
      { ...REMOTE, cmdline: { kind: 'exited', ms: 3 } },
      'undecided',
      /cmdline reader exited/,
    ],
  ];
  for (const [name, seen, want, why] of table) {
    const got = variantVerdict(seen);
    t.equal(got.verdict, want, name);
    if (why) t.match(got.missing.join('; '), why, `${name}: says what was missing`);
    else t.same(got.missing, [], `${name}: nothing missing`);
  }
});
