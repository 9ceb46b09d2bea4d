// Short and malformed requests: every failure is a DecodeError subclass, never
// a RangeError, and a truncated argument is never silently accepted.
import t from 'tap';
import { BadLengthError, DecodeError, ShortReadError } from '../../src/proto/errors.js';
import { decodeRequest } from '../../src/proto/request.js';
import { cases, compatCases } from './request-cases.js';
import { request } from './oracle.js';

/** the same request cut to `len` bytes, with header.len saying so */
function cut(buf: Buffer, len: number): Buffer {
  const b = Buffer.from(buf.subarray(0, len));
  b.writeUInt32LE(len, 0);
  return b;
}

function decodeError(fn: () => unknown): DecodeError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  return undefined;
}

for (const c of [...cases, ...compatCases]) {
  t.test(`${c.title}: every truncated argument is a DecodeError`, async (t) => {
    const min = 40 + (c.minArgLen ?? c.buf.length - 40);
    let checked = 0;
    for (let len = 40; len < min; len++) {
      const err = decodeError(() => decodeRequest(cut(c.buf, len), c.session));
      t.ok(err, `cut at ${len} of ${c.buf.length}`);
      t.equal(err?.opcode, c.buf.readUInt32LE(4), 'error names the opcode');
      checked++;
    }
    t.equal(checked, min - 40, 'all cuts tried');
    // header.len cut, but the rest of the request still in the buffer after it
    // (a reused read buffer): the decoder must not read past header.len
    for (let len = 40; len < min; len++) {
      const b = Buffer.from(c.buf);
      b.writeUInt32LE(len, 0);
      t.ok(
        decodeError(() => decodeRequest(b, c.session)),
        `len ${len}, full bytes after it`,
      );
    }
    // the buffer itself cut short while header.len still says the full length
    if (c.buf.length > 40) {
      const err = decodeError(() => decodeRequest(c.buf.subarray(0, c.buf.length - 1), c.session));
      t.type(err, ShortReadError, 'header.len beyond the buffer');
    }
  });
}

t.test('header problems', async (t) => {
  for (let n = 0; n < 40; n++) {
    t.type(
      decodeError(() => decodeRequest(Buffer.alloc(n), { minor: 38 })),
      ShortReadError,
      `${n}-byte buffer`,
    );
  }
  const tooSmall = request(1, {}, Buffer.from('a\0'));
  tooSmall.writeUInt32LE(39, 0);
  t.type(
    decodeError(() => decodeRequest(tooSmall, { minor: 38 })),
    BadLengthError,
    'len < 40',
  );
  const ext = request(1, { total_extlen: 1 }, Buffer.from('a\0'));
  t.type(
    decodeError(() => decodeRequest(ext, { minor: 38 })),
    BadLengthError,
    'total_extlen beyond the arguments',
  );
});

t.test('batch_forget count larger than the records sent', async (t) => {
  const buf = request(42, {}, Buffer.from([3, 0, 0, 0, 0, 0, 0, 0]), Buffer.alloc(32));
  t.type(
    decodeError(() => decodeRequest(buf, { minor: 38 })),
    ShortReadError,
  );
});

t.test('random bytes never escape as anything but DecodeError', async (t) => {
  // xorshift32 with a fixed seed: reproducible
  let x = 0x9e3779b9;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const ops = [1, 2, 3, 4, 6, 8, 9, 12, 13, 14, 15, 16, 18, 21, 22, 25, 26, 35, 36, 42, 43, 45, 46];
  let decoded = 0;
  let rejected = 0;
  for (let i = 0; i < 3000; i++) {
    const body = Buffer.alloc(rnd() % 120);
    for (let j = 0; j < body.length; j++) body[j] = rnd() % 4 === 0 ? 0 : rnd() & 0xff;
    const buf = request(ops[rnd() % ops.length] as number, { total_extlen: rnd() % 3 }, body);
    const minor = [8, 11, 38][rnd() % 3] as number;
    if (decodeError(() => decodeRequest(buf, { minor, setxattrExt: rnd() % 2 === 0 }))) rejected++;
    else decoded++;
  }
  t.ok(decoded > 0, `${decoded} decoded`);
  t.ok(rejected > 0, `${rejected} rejected`);
});
