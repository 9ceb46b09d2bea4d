import t from 'tap';
import { execa } from 'execa';
import { COMMAND_NAMES } from '../../cli/commands/index.js';
import { CLI, fusefault } from '../helpers.js';

t.test('--help lists every command', async (t) => {
  const r = await fusefault(['--help']);
  t.equal(r.exitCode, 0);
  for (const c of ['serve', 'ctl', 'run', 'list', 'inspect', 'abort', 'matrix', 'kernels']) {
    t.match(r.stdout, new RegExp(`fusefault ${c}\\b`), `lists ${c}`);
  }
});

t.test('every command has --help with examples', async (t) => {
  t.ok(COMMAND_NAMES.length >= 9, 'the command table is read');
  for (const c of COMMAND_NAMES) {
    const r = await fusefault([c, '--help']);
    t.equal(r.exitCode, 0, `${c} --help`);
    t.match(r.stdout, /\nExamples:\n {2}fusefault /, `${c} has examples`);
  }
});

t.test('an unknown command is one line on stderr and exit 2', async (t) => {
  const r = await fusefault(['bogus']);
  t.equal(r.exitCode, 2);
  t.equal(r.stderr.trim().split('\n').length, 1);
  t.match(r.stderr, /^fusefault: Unknown argument: bogus/);
});

t.test('a reader that goes away early does not crash the command', async (t) => {
  // the pipe's reading end is closed before the CLI writes a byte: its write gets EPIPE
  const p = execa(process.execPath, [CLI, 'list'], { reject: false, stdout: 'pipe' });
  p.stdout?.destroy();
  const r = await p;
  t.equal(r.exitCode, 0);
  t.notMatch(String(r.stderr), /EPIPE|Unhandled/);
});
