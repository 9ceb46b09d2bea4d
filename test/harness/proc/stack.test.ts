import t from 'tap';
import { hasFrames, parseStack, parseWchan } from '../../../harness/proc/stack.js';
import { parseNsLink } from '../../../harness/proc/ns.js';
import { fixture } from './fixture.js';

t.test('frames without address, offset and length, innermost first', async (t) => {
  const f = parseStack(fixture('stuck-stat/stack'));
  t.equal(f.length, 13);
  t.same(f.slice(0, 4), [
    'fuse_get_req',
    '__fuse_simple_request',
    'fuse_lookup_name',
    'fuse_lookup',
  ]);
  t.equal(f.at(-1), 'entry_SYSCALL_64_after_hwframe');
  t.ok(hasFrames(f, ['fuse_lookup', 'fuse_get_req']), 'order does not matter');
  t.notOk(hasFrames(f, ['fuse_flush']));
  const blocked = parseStack(fixture('stuck-blocked/stack'));
  t.equal(blocked[0], 'fuse_lock_inode', 'the second lookup waits on the directory lock');
  t.equal(parseStack(fixture('stuck-blocked/stack-after'))[0], 'fuse_get_req');
});

t.test('a module suffix is dropped', async (t) => {
  t.same(parseStack('[<0>] request_wait_answer+0x12a/0x1e0 [fuse]\n'), ['request_wait_answer']);
  t.same(parseStack(''), []);
});

t.test('wchan', async (t) => {
  t.equal(parseWchan(fixture('stuck-stat/wchan')), 'fuse_get_req');
  t.equal(parseWchan('0'), null);
});

t.test('pid namespace link', async (t) => {
  t.same(parseNsLink(fixture('stuck-stat/ns-pid')), {
    type: 'pid',
    inode: 4026531836,
    text: 'pid:[4026531836]',
  });
  t.throws(() => parseNsLink('nonsense'));
});
