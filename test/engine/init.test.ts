// INIT negotiation against what kernels 6.1 (7.38), 6.12 (7.41) and 6.18 (7.45) offer.
import t from 'tap';
import { MAX_WRITE, negotiateInit } from '../../src/engine/init.js';
import * as K from '../../src/proto/constants.js';
import { initOut } from '../../src/proto/init.js';

// roughly what each kernel offers (fs/fuse/inode.c fuse_send_init)
const OFFER_638 =
  K.FUSE_ASYNC_READ | K.FUSE_BIG_WRITES | K.FUSE_MAX_PAGES | K.FUSE_INIT_EXT | K.FUSE_ABORT_ERROR;
const OFFER_645 = OFFER_638 | K.FUSE_REQUEST_TIMEOUT | K.FUSE_OVER_IO_URING;

t.test('minor is min(kernel, ours); only implemented, offered flags', async (t) => {
  for (const minor of [38, 41, 45, 50]) {
    const n = negotiateInit({ major: 7, minor, maxReadahead: 131072, flags: OFFER_645 });
    t.equal(n.minor, Math.min(minor, K.FUSE_KERNEL_MINOR_VERSION), `7.${minor}`);
    t.equal(n.out.major, 7);
    t.same(n.flags, ['async_read', 'big_writes', 'max_pages']);
    t.equal(n.out.maxWrite, MAX_WRITE);
    t.equal(n.out.maxPages, MAX_WRITE / 4096);
    t.equal(n.out.requestTimeout, 0);
    t.same(n.warnings, []);
  }
  const none = negotiateInit({ major: 7, minor: 38, maxReadahead: 4096, flags: 0n });
  t.same(none.flags, [], 'nothing the kernel did not offer');
  t.equal(none.out.maxReadahead, 4096);
});

t.test('a request timeout is asked for only when offered', async (t) => {
  const yes = negotiateInit(
    { major: 7, minor: 45, maxReadahead: 0, flags: OFFER_645 },
    { requestTimeout: 30 },
  );
  t.equal(yes.out.requestTimeout, 30);
  t.equal(yes.requestTimeout, 30);
  t.ok(yes.flags.includes('request_timeout') && yes.flags.includes('init_ext'));
  const body = initOut(yes.out);
  t.equal(body.length, 64, 'always the full fuse_init_out');
  t.equal(body.readUInt16LE(K.FUSE_INIT_OUT_REQUEST_TIMEOUT_OFFSET), 30);
  t.equal(body.readUInt32LE(32), Number(K.FUSE_REQUEST_TIMEOUT >> 32n), 'flags2 carries bit 42');

  const no = negotiateInit(
    { major: 7, minor: 38, maxReadahead: 0, flags: OFFER_638 },
    { requestTimeout: 30 },
  );
  t.equal(no.out.requestTimeout, 0);
  t.equal(no.requestTimeout, undefined);
  t.notOk(no.flags.includes('request_timeout'));
  t.match(no.warnings, [/7\.38 does not offer FUSE_REQUEST_TIMEOUT/]);
});

t.test(
  'dropping setuid/setgid is taken over only when the server checks permissions',
  async (t) => {
    const offer = OFFER_645 | K.FUSE_HANDLE_KILLPRIV;
    const init = { major: 7, minor: 45, maxReadahead: 0, flags: offer };
    t.notOk(
      negotiateInit(init).flags.includes('handle_killpriv'),
      'the kernel keeps it by default',
    );
    const server = negotiateInit(init, { handleKillpriv: true });
    t.ok(server.flags.includes('handle_killpriv'), 'the server takes it over');
    t.equal(server.out.flags & K.FUSE_HANDLE_KILLPRIV, K.FUSE_HANDLE_KILLPRIV, 'in the reply');
    const old = negotiateInit({ ...init, flags: OFFER_645 }, { handleKillpriv: true });
    t.notOk(old.flags.includes('handle_killpriv'), 'never what the kernel did not offer');
  },
);
