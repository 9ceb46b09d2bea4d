// describeRequest: one line per request, naming the op and its key arguments.
import t from 'tap';
import { describeRequest } from '../../src/proto/describe.js';
import { decodeRequest } from '../../src/proto/request.js';
import * as L from './oracle-in.js';
import { cases } from './request-cases.js';
import { cstr, pack, request } from './oracle.js';

t.test('every implemented op gives one line with unique and name', async (t) => {
  for (const c of cases) {
    const line = describeRequest(decodeRequest(c.buf, c.session));
    t.notMatch(line, /\n/, `${c.title}: one line`);
    t.match(line, new RegExp(`^#\\d+ ${c.op} n\\d+`), `${c.title}: ${line}`);
  }
});

t.test('arguments that matter in a trace', async (t) => {
  const d = (buf: Buffer) => describeRequest(decodeRequest(buf, { minor: 38 }));
  t.equal(
    d(request(1, { unique: 14n, nodeid: 1n, uid: 0, pid: 9 }, cstr('a "b"'))),
    '#14 lookup n1 "a \\"b\\"" uid=0 pid=9',
  );
  t.equal(
    d(
      request(
        16,
        { unique: 20n, nodeid: 5n, uid: 1, pid: 2 },
        pack(L.WRITE_IN, { fh: 3n, offset: 4096n, size: 2 }),
        Buffer.from('hi'),
      ),
    ),
    '#20 write n5 fh=3 off=4096 size=2 uid=1 pid=2',
  );
  t.equal(
    d(
      request(
        36,
        { unique: 43n, nodeid: 0n, uid: 0, pid: 0 },
        pack(L.INTERRUPT_IN, { unique: 42n }),
      ),
    ),
    '#43 interrupt n0 unique=42 uid=0 pid=0',
  );
  t.equal(
    d(
      request(
        4,
        { unique: 2n, nodeid: 3n, uid: 0, pid: 1 },
        pack(L.SETATTR_IN, { valid: 8, size: 100n }),
      ),
    ),
    '#2 setattr n3 valid=0x8 size=100 uid=0 pid=1',
  );
  t.equal(
    d(request(99, { unique: 6n, nodeid: 1n, uid: 0, pid: 1 })),
    '#6 unknown(99) n1 uid=0 pid=1',
  );
  t.equal(d(request(31, { unique: 6n, nodeid: 1n, uid: 0, pid: 1 })), '#6 getlk n1 uid=0 pid=1');
});
