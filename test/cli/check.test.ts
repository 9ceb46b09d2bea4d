import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  checkUnique,
  checkWritableFile,
  oneOf,
  oneText,
  positiveNumber,
  texts,
  wholeNumber,
  wholeNumbers,
  PID_MAX_LIMIT,
} from '../../cli/check.js';

// what yargs hands a coerce: the text, '' for a bare option, an array when
// given twice, false for --no-NAME
t.test('wholeNumber: decimal digits in the range, nothing else', async (t) => {
  const seed = wholeNumber('seed', 0, 4294967295);
  t.equal(seed('0'), 0);
  t.equal(seed('4294967295'), 4294967295);
  t.equal(seed('007'), 7);
  const why = (v: string) => `--seed must be a whole number from 0 to 4294967295, not '${v}'`;
  for (const v of ['abc', '-1', '1.5', '1e3', '0x10', 'Infinity', ' 1', '1 ', '4294967296', '٣'])
    t.throws(() => seed(v), { name: 'UsageError', message: why(v) }, v);
  t.throws(() => seed(''), { message: '--seed needs a value' });
  t.throws(() => seed(false), { message: '--seed needs a value' }, '--no-seed');
  t.throws(() => seed(['1', '2']), { message: '--seed given 2 times (it takes one value)' });
});

t.test('wholeNumbers: a repeatable option, each value checked', async (t) => {
  const pids = wholeNumbers('pid', 1, PID_MAX_LIMIT);
  t.same(pids(['1', '4194304']), [1, 4194304]);
  t.same(pids('42'), [42]);
  t.throws(() => pids([]), { message: '--pid needs a value' }, 'a bare --pid');
  t.throws(() => pids(['3', '1e20']), {
    message: "--pid must be a whole number from 1 to 4194304, not '1e20'",
  });
  t.throws(() => pids(['0']), {
    message: "--pid must be a whole number from 1 to 4194304, not '0'",
  });
});

t.test('positiveNumber: above 0, finite, at most the bound', async (t) => {
  const scale = positiveNumber('timeout-scale', 100);
  t.equal(scale('1'), 1);
  t.equal(scale('0.05'), 0.05);
  t.equal(scale('.5'), 0.5);
  t.equal(scale('100'), 100);
  for (const v of ['0', '0.0', '-1', 'Infinity', '1e309', '1e2', 'NaN', '100.5', 'abc', '1,5'])
    t.throws(
      () => scale(v),
      { message: `--timeout-scale must be a number above 0 and at most 100, not '${v}'` },
      v,
    );
});

t.test('oneOf, oneText and texts', async (t) => {
  const accel = oneOf('accel', ['kvm', 'tcg'] as const);
  t.equal(accel('tcg'), 'tcg');
  t.throws(() => accel('qemu\n'), { message: `--accel must be one of kvm, tcg, not 'qemu\\n'` });
  t.throws(() => accel(['kvm', 'tcg']), { message: /given 2 times/ });
  t.equal(oneText('json')('x.json'), 'x.json');
  t.throws(() => oneText('json')(''), { message: '--json needs a value' });
  t.same(texts('fault')(['a', 'b']), ['a', 'b']);
  t.same(texts('fault')('a'), ['a']);
  t.throws(() => texts('fault')([]), { message: '--fault needs a value' }, '`--fault=`');
  t.throws(() => texts('fault')(['a', '']), { message: '--fault needs a value' });
});

t.test('checkUnique and checkWritableFile', async (t) => {
  t.doesNotThrow(() => checkUnique('--case', ['a', 'b']));
  t.throws(() => checkUnique('--case', ['a', 'b', 'a']), { message: `--case 'a' given twice` });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-check-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  t.doesNotThrow(() => checkWritableFile('json', path.join(dir, 'new.json')));
  t.throws(() => checkWritableFile('json', dir), { message: `--json '${dir}' is a directory` });
  t.throws(() => checkWritableFile('json', '/proc/nope/x.json'), {
    message: `--json '/proc/nope/x.json': cannot write there (ENOENT)`,
  });
});
