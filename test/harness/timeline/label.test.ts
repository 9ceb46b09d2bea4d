// Lane labels from command lines: the script a client runs, the CLI's command,
// a pid-ns init marked as such.
import t from 'tap';
import { parseCmdline, processLabel } from '../../../harness/timeline/label.js';

t.test('processLabel', async (t) => {
  const rows: [string[], string, number[], string][] = [
    [
      ['python3', '/src/harness/clients/py/write-close.py', '--path', '/m/f'],
      'python3',
      [9],
      'write-close',
    ],
    [['/usr/bin/node', '/x/dist/cli/main.js', 'serve', '/m'], 'node', [9], 'fusefault serve'],
    [['node', '/x/dist/bench/sync-worker.js'], 'node', [9], 'sync-worker'],
    [
      [
        'node',
        '/x/main.js',
        'serve',
        '/m',
        '--fault',
        'flush:stall',
        '--trace',
        't',
        '--fault',
        'interrupts:ignore',
      ],
      'node',
      [9],
      'fusefault serve flush:stall interrupts:ignore',
    ],
    [['node', '/x/main.js'], 'node', [9], 'fusefault'],
    [['node', '--no-warnings', '/x/bin/write-exit.js'], 'node', [9], 'write-exit'],
    [['python3', '-c', 'import os\nos.abort()'], 'python3', [9], 'python3 -c'],
    [
      ['/usr/bin/python3', '-c', '# fusefault guardian\nimport os', '7'],
      'python3',
      [9],
      'fusefault guardian',
    ],
    [
      ['python3', '-c', '\n  # fusefault guardian  \nx'],
      'python3',
      [5, 1],
      'fusefault guardian (pid-ns init)',
    ],
    // only our own name, only in the first line
    [['python3', '-c', '# hello\nx'], 'python3', [9], 'python3 -c'],
    [['python3', '-c', 'x = 1\n# fusefault guardian'], 'python3', [9], 'python3 -c'],
    [['sh', '-c', 'exec node serve'], 'sh', [120, 1], 'sh (pid-ns init)'],
    [['/usr/bin/sleep', '60'], 'sleep', [7], 'sleep'],
    [[], 'kworker/0:1', [7], 'kworker/0:1'],
  ];
  for (const [argv, comm, nspid, want] of rows)
    t.equal(processLabel(argv, comm, nspid), want, argv.join(' ') || comm);
});

t.test('parseCmdline: NUL-separated, the last NUL ends it', async (t) => {
  t.same(parseCmdline('python3\0a.py\0--x\0\0'), ['python3', 'a.py', '--x', '']);
  t.same(parseCmdline('sleep\x0060\0'), ['sleep', '60']);
  t.same(parseCmdline(''), []);
});
