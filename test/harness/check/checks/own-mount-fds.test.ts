// own-mount-fds decides from the fd tables it read; a table it could not
// read, or no daemon at all, is inconclusive, never `none`.
import t from 'tap';
import { outcomeOf, type FdsObservation } from '../../../../harness/check/checks/own-mount-fds.js';

const MNT = '/tmp/w/mnt-1';
const base = { mountId: 77, mountpoint: MNT };
const fd = (n: number, target: string, mntId: number) => ({ fd: n, target, mntId });

const rows: { name: string; o: FdsObservation; outcome: string; says?: RegExp }[] = [
  {
    name: 'no daemon found (vacuous)',
    o: { ...base, tables: [] },
    outcome: 'inconclusive',
    says: /daemon unknown/,
  },
  {
    name: 'every table unreadable (vacuous)',
    o: { ...base, tables: [{ pid: 5, fds: null }] },
    outcome: 'inconclusive',
  },
  {
    name: 'only its device and the backing store',
    o: { ...base, tables: [{ pid: 5, fds: [fd(3, '/dev/fuse', 23), fd(4, '/tmp/w/lo/x', 70)] }] },
    outcome: 'none',
  },
  {
    name: 'a file on its own mount, by mnt_id',
    o: { ...base, tables: [{ pid: 5, fds: [fd(3, '/dev/fuse', 23), fd(7, `${MNT}/held`, 77)] }] },
    outcome: 'holds:1',
    says: /held \(pid 5 fd 7\).*deadlocks in fuse_flush/,
  },
  {
    name: 'two, in two processes, one known only by its path',
    o: {
      ...base,
      tables: [
        { pid: 5, fds: [fd(7, `${MNT}/a`, 77)] },
        { pid: 6, fds: [fd(9, `${MNT}/b (deleted)`, 0)] },
        { pid: 8, fds: null },
      ],
    },
    outcome: 'holds:2',
  },
  {
    name: 'a sibling directory with the same prefix is not the mount',
    o: { ...base, tables: [{ pid: 5, fds: [fd(7, `${MNT}x/f`, 3)] }] },
    outcome: 'none',
  },
];

for (const r of rows) {
  t.test(r.name, async (t) => {
    const v = outcomeOf(r.o);
    t.equal(v.outcome, r.outcome);
    if (r.says) t.match(v.summary, r.says);
  });
}
