import t from 'tap';
import { parseKernelSpec } from '../../../harness/vm/spec.js';
import { parseFaultSpec } from '../../../src/faults/spec.js';
import { argvInput, type ArgvPaths } from '../../../bench/soak/gen-argv.js';
import { COMMAND_NAMES } from '../../../cli/commands/index.js';

const P: ArgvPaths = {
  missing: '/soak/missing',
  file: '/soak/file',
  socket: '/soak/srv/ctl.sock',
  longSocket: `/soak/${'s'.repeat(120)}`,
};
const N = 3000;
const inputs = Array.from({ length: N }, (_, i) => argvInput(2, i, P));
const badKernel = (s: string) => {
  try {
    parseKernelSpec(s);
    return false;
  } catch {
    return true;
  }
};
const values = (argv: string[], opt: string) =>
  argv.flatMap((a, i) => (a === opt && argv[i + 1] !== undefined ? [argv[i + 1] as string] : []));

t.test('the same command lines for a seed, others for another', async (t) => {
  t.same(
    Array.from({ length: N }, (_, i) => argvInput(2, i, P)),
    inputs,
  );
  t.notSame(
    Array.from({ length: 100 }, (_, i) => argvInput(3, i, P)),
    inputs.slice(0, 100),
  );
  t.same(new Set(inputs.map((x) => x.expect)), new Set(['usage', 'ok', 'ok-or-fail']));
});

t.test('every command of the CLI is in the stream', async (t) => {
  const seen = new Set(inputs.map((x) => x.argv[0]));
  t.same(
    COMMAND_NAMES.filter((c) => !seen.has(c)),
    [],
    'commands no command line exercises',
  );
});

t.test('no command line can start real work', async (t) => {
  for (const { argv } of inputs) {
    const [cmd, first] = argv;
    const say = argv.join(' ');
    if (argv.some((a) => a.includes('\0'))) t.fail(`NUL in ${say}`);
    if (cmd === 'serve' && !argv.includes('--help')) {
      if (![P.missing, P.file, '/', `${P.missing}/sub`].includes(first ?? ''))
        t.fail(`serve on a mountable directory: ${say}`);
    }
    if (cmd === 'run' && !argv.includes('--help') && !first?.startsWith('no-such-case-'))
      t.fail(`run of real cases: ${say}`);
    if (cmd === 'abort' && argv.includes('--stuck')) {
      // refused before acting: a connection number beside --stuck, or a pid that is not one
      const withConn = first !== undefined && !first.startsWith('-');
      const pids = values(argv, '--pid');
      if (!withConn && !pids.some((p) => !/^[1-9]\d*$/.test(p)))
        t.fail(`abort --stuck for real: ${say}`);
    }
    if (cmd === 'matrix') {
      const ks = values(argv, '--kernel');
      if (ks.length && !ks.some(badKernel)) t.fail(`matrix with good kernels: ${say}`);
    }
    if (cmd === 'demo' && !first?.startsWith('no-such-case-') && argv.length === 2)
      t.fail(`demo of a real case: ${say}`);
    if (cmd === 'check' && argv.length === 3 && argv[1] === '--fs' && argv[2]?.includes('{mnt}'))
      t.fail(`check for real: ${say}`);
    if (cmd === 'lava' && argv.length <= 5) t.fail(`lava jobs for real: ${say}`);
    if (cmd === 'kernel' && first === 'build' && !argv.some((a) => a.startsWith('no-such-recipe-')))
      t.fail(`kernel build for real: ${say}`);
    if (cmd === 'ctl') {
      const word = argv[2];
      if (word === 'stop' || word === 'events') t.fail(`ctl ${word}: ${say}`);
      if (word === 'open' && ['r', 'w', 'rw', undefined].includes(argv[4]) && argv.length > 3)
        t.fail(`ctl open that opens: ${say}`);
    }
  }
  t.pass(`${N} command lines checked`);
});

t.test('ctl add of a spec the parser refuses is expected to be a usage error', async (t) => {
  // against the live socket, one spec (with or without --json): only the spec decides
  const adds = inputs.filter(
    ({ argv }) =>
      argv[0] === 'ctl' &&
      argv[1] === P.socket &&
      argv[2] === 'add' &&
      argv.length - (argv.at(-1) === '--json' ? 1 : 0) === 4,
  );
  const bad = adds.filter((x) => {
    try {
      parseFaultSpec(x.argv[3] as string);
      return false;
    } catch {
      return true;
    }
  });
  t.ok(bad.length > 0 && bad.length < adds.length, `${bad.length} of ${adds.length} adds are bad`);
  for (const x of adds) {
    t.equal(x.expect === 'usage', bad.includes(x), x.argv.slice(2).join(' '));
  }
});
