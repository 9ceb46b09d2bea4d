import t from 'tap';
import { release } from 'node:os';
import { kernelFacts, offeredMinor } from '../../../harness/runner/kernel.js';

t.test('the FUSE_INIT minor is found where cases put it', async (t) => {
  t.equal(offeredMinor({ fuseProtocolMinor: 38 }), 38);
  t.equal(offeredMinor({ runs: [{ init: { minor: 36, kernelMinor: 45 } }] }), 45);
  t.equal(
    offeredMinor({ runs: [{ init: { minor: 36 } }] }),
    undefined,
    'the negotiated minor is not the offered one',
  );
  t.equal(
    offeredMinor({ a: { b: { c: { d: { e: { f: { kernelMinor: 1 } } } } } } }),
    undefined,
    'not too deep',
  );
});

t.test('kernel facts of this machine', async (t) => {
  const f = kernelFacts();
  t.equal(f.release, release());
  t.match(f.preempt, /^(none|voluntary|full|dynamic\(.+\)|unknown)$/);
  t.equal(f.fuseProtocolMinor, undefined);
});
