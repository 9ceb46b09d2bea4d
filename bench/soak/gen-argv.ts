// Command lines for the CLI fuzz, each with the class of result it must give.
// Most are bad input (expect exit 2, one line on stderr). None may start real
// work: serve always names a mountpoint that cannot be mounted on, as its first
// word; run always names a case that does not exist first; abort --stuck,
// matrix and kernel build always carry a value they refuse before acting; ctl
// never sends stop, open or events. test/bench/soak/gen-argv.test.ts checks this.
import { COMMAND_NAMES } from '../../cli/commands/index.js';
import { parseKernelSpec } from '../../harness/vm/spec.js';
import { parseFaultSpec } from '../../src/faults/spec.js';
import type { Expect } from './classify.js';
import { defang } from './gen-control.js';
import { genSpec } from './gen-spec.js';
import { itemRng, type Rng } from './random.js';

/** Paths the generator may name: all inside the soak's own directory. */
export interface ArgvPaths {
  /** does not exist */
  missing: string;
  /** a regular file */
  file: string;
  /** a live serve's control socket */
  socket: string;
  /** longer than a unix socket address can be */
  longSocket: string;
}

/** One generated command line. */
export interface ArgvInput {
  argv: string[];
  expect: Expect;
}

/** The commands of cli/commands/index.ts. */
export const COMMANDS = COMMAND_NAMES;
const WORDS = 'abcdefghijklmnopqrstuvwxyz-';

// argv cannot carry NUL; a value that starts with '-' would be parsed as an option
const arg = (s: string) => s.replace(/\0/g, '0');
const value = (s: string) => arg(/^-/.test(s) ? `x${s}` : s);

function isSpec(spec: string): boolean {
  try {
    parseFaultSpec(spec);
    return true;
  } catch {
    return false;
  }
}

function unknownWord(rng: Rng): string {
  const w = rng.chars('abcdefghijklmnopqrstuvwxyz', rng.int(1, 9));
  return COMMANDS.includes(w) ? `${w}x` : w;
}

function serve(rng: Rng, p: ArgvPaths): ArgvInput {
  // the mountpoint comes first, so no option can leave another word in its place
  const argv = ['serve', rng.pick([p.missing, p.file, '/', `${p.missing}/sub`])];
  for (let k = rng.int(0, 4); k > 0; k--) {
    switch (rng.int(0, 8)) {
      case 0:
        argv.push('--fault', value(genSpec(rng)));
        break;
      case 1:
        argv.push('--backend', rng.pick(['raw', 'fuse-native', 'nope', '']));
        break;
      case 2:
        argv.push('--request-timeout', rng.pick(['0', '1', '70000', '1.5', 'x', '-3']));
        break;
      case 3:
        argv.push('--seed', rng.pick(['1', 'x', '-1', '1e99']));
        break;
      case 4:
        argv.push('--seed-dir', rng.pick([p.missing, p.file]));
        break;
      case 5:
        argv.push('--control', rng.pick([p.longSocket, `${p.missing}/ctl.sock`]));
        break;
      case 6:
        argv.push('--trace', `${p.missing}/trace.jsonl`);
        break;
      case 7:
        argv.push('--hold-open', value(rng.pick(['x', '../x', '/'])));
        break;
      default:
        argv.push(`--${unknownWord(rng)}`);
    }
  }
  return { argv, expect: 'usage' };
}

function ctl(rng: Rng, p: ArgvPaths): ArgvInput {
  const harmless = (): string[] =>
    rng.pick([
      ['list'],
      ['status'],
      ['release'],
      ['resume'],
      ['clear'],
      ['remove', String(rng.int(1, 300))],
      ['release', String(rng.int(1, 300))],
      ['add', value(defang(genSpec(rng)))],
    ]);
  switch (rng.int(0, 3)) {
    case 0:
      return {
        argv: ['ctl', rng.pick([p.missing, p.file, p.longSocket]), ...harmless()],
        expect: 'usage',
      };
    case 1: {
      const bad = rng.pick([
        [unknownWord(rng)],
        ['remove', rng.pick(['abc', '0', '-1', '1.5', ''])],
        ['release', rng.pick(['x', '0'])],
        ['add'],
        ['add', 'a', 'b'],
        ['list', 'extra'],
        ['open', 'x', rng.pick(['rwx', 'a', ''])],
        ['open'],
        ['list', '--timeout', rng.pick(['abc', '-5'])],
      ]);
      return { argv: ['ctl', p.socket, ...bad], expect: 'usage' };
    }
    default: {
      const words = harmless();
      // ctl parses a spec before it connects: a bad one is a usage error
      const expect = words[0] === 'add' && !isSpec(words[1] ?? '') ? 'usage' : 'ok-or-fail';
      return { argv: ['ctl', p.socket, ...words, ...(rng.chance(0.3) ? ['--json'] : [])], expect };
    }
  }
}

function run(rng: Rng, p: ArgvPaths): ArgvInput {
  // an unknown case first: checkIds refuses the whole run before any case starts
  const argv = ['run', `no-such-case-${unknownWord(rng)}`];
  if (rng.chance(0.3)) argv.push(rng.pick(['netflix-flush-on-exit', 'userfaultfd-unserved']));
  if (rng.chance(0.3)) argv.push('--timeout-scale', rng.pick(['0', '-1', 'abc', '2']));
  if (rng.chance(0.3)) argv.push('--json', rng.pick([`${p.missing}/r.json`, `${p.file}.json`]));
  if (rng.chance(0.3))
    argv.push('--expect', rng.pick(['deadlock', 'x=y', 'netflix-flush-on-exit=nope']));
  return { argv, expect: 'usage' };
}

function abort(rng: Rng): ArgvInput {
  const argv = rng.pick([
    [],
    [unknownWord(rng)],
    ['99999999999'],
    ['1.5'],
    ['5', '--stuck'],
    ['--keep-mounts'],
    ['--pid', '5'],
    // --stuck only with a pid it refuses before looking at any task
    ['--stuck', '--pid', rng.pick(['0', '-3', 'abc', '1.5'])],
    ['--stuck', '--pid', '1', '--pid', '0'],
  ]);
  return { argv: ['abort', ...argv], expect: 'usage' };
}

function badKernelSpec(rng: Rng): string {
  for (;;) {
    const s =
      rng.pick([
        '',
        'debian:',
        'file:',
        'build:',
        'zzz',
        'debian:sid+x',
        'file:a:b:c',
        'build:-x',
      ]) + rng.chars(WORDS + ':+=.', rng.int(0, 6));
    try {
      parseKernelSpec(s);
    } catch {
      return s;
    }
  }
}

function matrix(rng: Rng): ArgvInput {
  // every kernel spec is parsed before any VM starts: one bad one refuses the run
  const specs = ['debian:sid', badKernelSpec(rng)];
  if (rng.chance(0.5)) specs.reverse();
  const argv = ['matrix', ...(rng.chance(0.2) ? [] : specs.flatMap((s) => ['--kernel', value(s)]))];
  if (rng.chance(0.3)) argv.push('--parallel', rng.pick(['0', 'x', '2']));
  return { argv, expect: 'usage' };
}

function kernel(rng: Rng): ArgvInput {
  const argv = rng.pick([
    [],
    [unknownWord(rng)],
    ['build', `no-such-recipe-${unknownWord(rng)}`],
    ['build', '6.1', `no-such-recipe-${unknownWord(rng)}`],
  ]);
  return { argv: ['kernel', ...argv], expect: 'usage' };
}

function demo(rng: Rng): ArgvInput {
  // a real case only beside an option the command refuses before it starts it
  // (stdin is not a terminal under the soak, so --step alone is refused too)
  const real = rng.chance(0.5);
  const argv = ['demo', real ? 'netflix-flush-on-exit' : `no-such-case-${unknownWord(rng)}`];
  const bad = rng.pick([
    ['--pace', rng.pick(['abc', '-1', '1.5', '99999999'])],
    ['--timeout-scale', rng.pick(['0', '-1', 'abc'])],
    ['--step', '--pace', '100'],
    ['--step'],
    ['userfaultfd-unserved'],
  ]);
  if (real || rng.chance(0.5)) argv.push(...bad);
  return { argv, expect: 'usage' };
}

function check(rng: Rng, p: ArgvPaths): ArgvInput {
  // never a mount command and nothing else wrong: each line has one refusal
  const fs = 'true {mnt}';
  const argv = rng.pick([
    [],
    ['--fs', ''],
    ['--fs', 'true'],
    ['--fs', fs, '--unmount', 'true'],
    ['--fs', fs, '--only', `no-such-check-${unknownWord(rng)}`],
    ['--fs', fs, '--only', 'error-propagation', '--only', 'error-propagation'],
    ['--fs', fs, '--json', `${p.missing}/check.json`],
  ]);
  return { argv: ['check', ...argv], expect: 'usage' };
}

function report(rng: Rng, p: ArgvPaths): ArgvInput {
  const argv = rng.pick([
    [],
    [p.missing],
    [p.missing, '--html', `${p.missing}/r.html`],
    [p.file, '--svg', `${p.missing}/r.svg`],
  ]);
  return { argv: ['report', ...argv], expect: 'usage' };
}

function lava(rng: Rng, p: ArgvPaths): ArgvInput {
  // jobs would be written, and kernels fetched, only if nothing were wrong
  const argv = ['lava', '--kernel', 'debian:sid', '--out', `${p.missing}/jobs`];
  argv.push(
    ...rng.pick([
      ['--accel', rng.pick(['nope', ''])],
      ['--cpus', rng.pick(['0', 'x', '65'])],
      ['--memory', rng.pick(['1', 'x'])],
      ['--base-url', rng.pick(['ftp://x', 'not a url'])],
      ['--timeout-scale', rng.pick(['0', '-2'])],
      ['--kernel', value(badKernelSpec(rng))],
    ]),
  );
  return { argv, expect: 'usage' };
}

/** Command line number I of SEED's stream. */
export function argvInput(seed: number, i: number, p: ArgvPaths): ArgvInput {
  const rng = itemRng(seed, 'argv', i);
  switch (rng.int(0, 17)) {
    case 0:
      return { argv: [], expect: 'usage' };
    case 1:
      return {
        argv: [unknownWord(rng), ...(rng.chance(0.5) ? [unknownWord(rng)] : [])],
        expect: 'usage',
      };
    case 2:
      return rng.chance(0.3)
        ? {
            argv: [...rng.pick([[], ['serve'], ['ctl'], ['run']]), '--help'],
            expect: 'ok',
          }
        : { argv: [`--${unknownWord(rng)}`], expect: 'usage' };
    case 3:
    case 4:
      return serve(rng, p);
    case 5:
    case 6:
      return ctl(rng, p);
    case 7:
      return run(rng, p);
    case 8:
      return rng.chance(0.5)
        ? { argv: ['list'], expect: 'ok' }
        : { argv: ['list', unknownWord(rng)], expect: 'usage' };
    case 9:
      return rng.chance(0.5)
        ? { argv: ['inspect', ...(rng.chance(0.5) ? ['--json'] : [])], expect: 'ok' }
        : { argv: ['inspect', '--pid', rng.pick(['0', '-1', 'abc', '1.5'])], expect: 'usage' };
    case 10:
      return abort(rng);
    case 11:
      return matrix(rng);
    case 12:
      return kernel(rng);
    case 13:
      return demo(rng);
    case 14:
      return check(rng, p);
    case 15:
      return report(rng, p);
    case 16:
      return lava(rng, p);
    default:
      return rng.chance(0.5)
        ? { argv: ['kernels'], expect: 'ok' }
        : { argv: ['kernels', unknownWord(rng)], expect: 'usage' };
  }
}
