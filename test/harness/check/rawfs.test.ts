// `fusefault check` against rawfs (test/fixtures/check/rawfs.ts): a
// passthrough served by fusefault's own raw engine, whose calls on the
// backing store run in a worker thread, so that it reads the INTERRUPT of a
// held request while its own call is still held by the stall. What it then
// answers is its switch: the words below come from a real kernel, a real
// daemon and the backing store's trace.
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { check, leftAfterCheck } from './leftovers.js';

const RAWFS = fileURLToPath(new URL('../../fixtures/check/rawfs.js', import.meta.url));
const rawfs = (switches: string) => `${process.execPath} ${RAWFS} {lower} {mnt} ${switches}`;
const HELD = ['read-direct', 'write-close', 'stat', 'open'];

t.test('rawfs answering an interrupted request EIO at once: returned:EIO', async (t) => {
  const { res, tmp, byId, ops } = await check(rawfs('--interrupt-errno EIO'), ['interrupt']);
  t.equal(byId('interrupt')?.outcome, 'returned:EIO');
  t.same(ops('interrupt'), Object.fromEntries(HELD.map((op) => [op, 'returned:EIO'])));
  // the daemon's own call was not interrupted: the stall still held it
  t.match(
    byId('interrupt')?.summary,
    /read-direct: returned:EIO \(read in S; SIGINT: returned EIO, stall held\)/,
  );
  t.equal(res.exitCode, 0, res.stderr);
  t.same(await leftAfterCheck(tmp), []);
});

t.test('rawfs without the switch: the same daemon answers late', async (t) => {
  const { res, tmp, byId, ops } = await check(rawfs(''), ['interrupt']);
  t.equal(byId('interrupt')?.outcome, 'completed-late');
  t.same(ops('interrupt'), Object.fromEntries(HELD.map((op) => [op, 'completed-late'])));
  t.equal(res.exitCode, 0, res.stderr);
  t.same(await leftAfterCheck(tmp), []);
});

t.test(
  'rawfs whose device lives only in flight in an fd store: own-mount-fds inconclusive',
  async (t) => {
    // rawfs answered INIT and exited; the store never takes the fd out of its
    // socket: the connection lives on, held by no process's fd table
    const { res, tmp, byId } = await check(rawfs('--fd-store keep'), ['own-mount-fds']);
    t.equal(byId('own-mount-fds')?.outcome, 'inconclusive');
    t.match(
      byId('own-mount-fds')?.summary,
      /no process holds \/dev\/fuse for the mount: daemon unknown/,
    );
    t.equal(res.exitCode, 1, 'an inconclusive check: exit 1');
    t.same(await leftAfterCheck(tmp), []);
  },
);

t.test('rawfs restarted by fd passing: daemon-death answered by the successor', async (t) => {
  // the store takes the fd out once rawfs is dead, has the kernel resend the
  // held stat (FUSE_NOTIFY_RESEND) and relays it to the successor, which
  // answers it from rawfs's journal while the stall still holds the store
  const { res, tmp, byId } = await check(rawfs('--fd-store restart'), ['daemon-death']);
  t.equal(byId('daemon-death')?.outcome, 'answered');
  t.match(
    byId('daemon-death')?.summary,
    /held stat#\d+: returned 0; the daemon exited \d+ ms after SIGKILL;/,
  );
  // the successor serves new requests from the store
  t.match(byId('daemon-death')?.summary, /a new stat: returned ENOENT/);
  t.match(byId('daemon-death')?.summary, /fusefault's cleanup removed it/);
  t.equal(res.exitCode, 0, res.stderr);
  t.same(await leftAfterCheck(tmp), []);
});
