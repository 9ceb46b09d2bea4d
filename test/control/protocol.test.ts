import t from 'tap';
import { checkRequest, CTL_COMMANDS } from '../../src/control/protocol.js';

t.test('well-formed requests come back typed', async (t) => {
  t.same(checkRequest({ cmd: 'add', spec: 'flush:stall' }), { cmd: 'add', spec: 'flush:stall' });
  t.same(checkRequest({ cmd: 'remove', rule: 3 }), { cmd: 'remove', rule: 3 });
  t.same(checkRequest({ cmd: 'release' }), { cmd: 'release' });
  t.same(checkRequest({ cmd: 'release', rule: null }), { cmd: 'release' });
  t.same(checkRequest({ cmd: 'release', rule: 2 }), { cmd: 'release', rule: 2 });
  t.same(checkRequest({ cmd: 'stop', reason: 'x' }), { cmd: 'stop', reason: 'x' });
  t.same(checkRequest({ cmd: 'open', path: '/a', flags: 'w' }), {
    cmd: 'open',
    path: '/a',
    flags: 'w',
  });
  t.same(checkRequest({ cmd: 'open', path: '/a', flags: 'rw', create: true }), {
    cmd: 'open',
    path: '/a',
    flags: 'rw',
    create: true,
  });
  t.same(
    checkRequest({ cmd: 'open', path: '/a', flags: 'r', create: false }),
    { cmd: 'open', path: '/a', flags: 'r' },
    'create: false is the default, left out',
  );
  for (const cmd of ['list', 'clear', 'resume', 'status', 'events'])
    t.same(checkRequest({ cmd, extra: 1 }), { cmd }, `${cmd} ignores extra fields`);
  t.equal(CTL_COMMANDS.length, 10);
});

t.test('ill-formed requests name what is wrong', async (t) => {
  t.same(checkRequest(null), { error: 'a request must be a JSON object with a "cmd" field' });
  t.same(checkRequest({ cmd: 'remove', rule: 0 }), {
    error: 'remove needs "rule" (a rule id, a positive integer)',
  });
  t.same(checkRequest({ cmd: 'open', path: '', flags: 'r' }), {
    error: 'open needs "path" (a string)',
  });
  t.same(checkRequest({ cmd: 'open', path: '/a', flags: 'r', create: 'yes' }), {
    error: '"create" must be true, false or absent',
  });
  t.same(checkRequest({ cmd: 'x' }), {
    error: `unknown cmd 'x' (known: ${CTL_COMMANDS.join(', ')})`,
  });
});
