// fusectl counters from a captured copy of /sys/fs/fuse/connections.
import t from 'tap';
import { listConnections, parseCounter, readConnection } from '../../src/mount/fusectl.js';
import { FIXTURES } from '../harness/proc/fixture.js';

t.test('fusectl counters', async (t) => {
  t.same(await listConnections({ dir: `${FIXTURES}fusectl` }), [
    { id: 39, waiting: 2, maxBackground: 12, congestionThreshold: 9 },
  ]);
  t.same(await listConnections({ dir: `${FIXTURES}no-such-dir` }), []);
  t.throws(() => parseCounter('x'));
});

t.test('one connection, and one that is not there', async (t) => {
  const dir = `${FIXTURES}fusectl`;
  t.match(await readConnection(39, { dir }), { id: 39, waiting: 2 });
  t.equal(await readConnection(40, { dir }), null);
});
