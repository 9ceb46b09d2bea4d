// endedByOf: which step ended a blocked syscall, from the observations after
// each step; a step is credited only with an end that was seen.
import t from 'tap';
import { endedByOf } from '../../../harness/clients/observe.js';

t.test('the step after which the syscall was first seen ended', async (t) => {
  const table: [[string, string][], string][] = [
    [
      [
        ['close', 'blocked-S'],
        ['SIGINT', 'returned'],
      ],
      'SIGINT',
    ],
    [
      [
        ['close', 'blocked-S'],
        ['SIGINT', 'exited'],
      ],
      'SIGINT',
    ],
    [
      [
        ['stat', 'blocked-S'],
        ['SIGINT', 'blocked-D'],
        ['SIGKILL', 'exited'],
      ],
      'SIGKILL',
    ],
    [
      [
        ['close', 'blocked-S'],
        ['SIGINT', 'blocked-D'],
        ['SIGKILL', 'blocked-D'],
        ['release', 'exited'],
      ],
      'release',
    ],
    // nothing blocked: no step can be credited
    [[['close', 'returned']], 'not-blocked'],
    [[['stat', 'exited']], 'not-blocked'],
    [[], 'not-blocked'],
    [[['stat', 'undecided']], 'undecided after stat'],
    // an observation that settled on nothing is not an end by that signal
    [
      [
        ['stat', 'blocked-S'],
        ['SIGINT', 'undecided'],
      ],
      'undecided after SIGINT',
    ],
    [
      [
        ['stat', 'blocked-S'],
        ['SIGINT', 'undecided'],
        ['SIGKILL', 'exited'],
      ],
      'undecided after SIGINT',
    ],
    [
      [
        ['stat', 'blocked-S'],
        ['SIGINT', 'blocked-D'],
        ['resume', 'blocked-D'],
      ],
      'never',
    ],
  ];
  for (const [steps, want] of table)
    t.equal(endedByOf(steps), want, steps.map((s) => s.join(' ')).join(', ') || 'no step');
});
