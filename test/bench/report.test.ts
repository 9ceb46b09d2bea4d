import t from 'tap';
import type { Phase, Result } from '../../bench/measure.js';
import {
  goalLines,
  pairedRatios,
  report,
  rulesVerdict,
  summarize,
  type Measured,
} from '../../bench/report.js';

const phase = (value: number, cpuUsPerCall = 10): Phase => ({
  value,
  calls: 100,
  requests: 200,
  cpuUsPerCall,
  cpuSpread: 0.02,
});
const result = (
  label: string,
  stat: number,
  write: number,
  read: number,
  statCpu = 10,
): Result => ({
  label,
  stat: phase(stat, statCpu),
  write: phase(write),
  overwrite: phase(write * 2),
  read: phase(read),
  hot: [],
  layers: new Map(label === 'raw +100 rules' ? [['fault rules', 0.4]] : []),
});
const results = [
  result('C libfuse3', 40000, 1000, 3000),
  // stat 0.75x C and 1.5x fn: met; read 0.5x C: missed; write 2x fn: met
  result('raw', 30000, 600, 1500),
  // stat 10% more CPU per call with the rules: missed; the rest as much: met
  result('raw +100 rules', 29000, 600, 1500, 11),
  result('fuse-native', 20000, 300, 1400),
  result('fuse-native +100 rules', 20000, 300, 1400),
];
const one: Measured = {
  by: (label) => results.find((r) => r.label === label)!,
  rounds: (label) => [results.find((r) => r.label === label)!],
};

t.test('goal lines say each ratio and whether it meets its goal', async (t) => {
  t.same(goalLines(one), [
    'stat: raw/C libfuse3 0.75x (goal >= 0.70x): met',
    'stat: raw/fuse-native 1.50x (goal >= 1.50x): met',
    'read: raw/C libfuse3 0.50x (goal >= 0.80x): MISSED',
    'write: raw/fuse-native 2.00x (goal >= 1.50x): met',
    'overwrite: raw/fuse-native 2.00x (goal >= 1.50x): met',
    "rules: the fault-rule code takes 0.40% of raw +100 rules' busy samples (goal < 5%): met",
    'stat: 100 non-matching rules cost raw 10.0% more CPU per call (goal < 5%): MISSED',
    'write: 100 non-matching rules cost raw 0.0% more CPU per call (goal < 5%): met',
    'overwrite: 100 non-matching rules cost raw 0.0% more CPU per call (goal < 5%): met',
    'read: 100 non-matching rules cost raw 0.0% more CPU per call (goal < 5%): met',
  ]);
});

t.test('goal lines take the median of the rounds, and say how many rounds met', async (t) => {
  // three rounds; in the first, C had a bad round and raw looks far ahead of it
  const rounds = new Map([
    ['C libfuse3', [40000, 10000, 40000].map((s) => result('C libfuse3', s, 1000, 3000))],
    ['raw', [30000, 30000, 20000].map((s) => result('raw', s, 600, 1500))],
    ['raw +100 rules', [1, 2, 3].map(() => result('raw +100 rules', 29000, 600, 1500, 11))],
    ['fuse-native', [1, 2, 3].map(() => result('fuse-native', 20000, 300, 1400))],
    [
      'fuse-native +100 rules',
      [1, 2, 3].map(() => result('fuse-native +100 rules', 20000, 300, 1400)),
    ],
  ]);
  const m: Measured = { by: one.by, rounds: (l) => rounds.get(l)! };
  t.same(
    pairedRatios(m, 'raw', 'C libfuse3', (r) => r.stat.value),
    [0.75, 3, 0.5],
  );
  const lines = goalLines(m);
  // the median round, 0.75x, not the lucky 3x (the best of each side would say 0.75x too,
  // but from rounds that never ran together)
  t.equal(
    lines[0],
    'stat: raw/C libfuse3 0.75x (goal >= 0.70x): met; rounds 0.50x to 3.00x, met in 2 of 3',
  );
  t.equal(
    lines[1],
    'stat: raw/fuse-native 1.50x (goal >= 1.50x): met; rounds 1.00x to 1.50x, met in 2 of 3',
  );
  // a median just under the goal shows three places
  const under = new Map(rounds);
  under.set(
    'raw',
    [2390, 2390, 2390].map((r) => result('raw', 30000, 600, r)),
  );
  under.set(
    'C libfuse3',
    [3000, 3000, 3000].map((r) => result('C libfuse3', 40000, 1000, r)),
  );
  // raw +100 rules took less CPU per call than raw: said so, not as a negative cost
  const cheaper = new Map(rounds);
  cheaper.set(
    'raw +100 rules',
    [1, 2, 3].map(() => result('raw +100 rules', 29000, 600, 1500, 9)),
  );
  t.equal(
    goalLines({ by: one.by, rounds: (l) => cheaper.get(l)! })[6],
    'stat: 100 non-matching rules cost raw 10.0% less CPU per call (goal < 5%): met',
  );
  t.match(
    goalLines({ by: one.by, rounds: (l) => under.get(l)! })[2],
    /^read: raw\/C libfuse3 0\.797x \(goal >= 0\.80x\): MISSED; .* met in 0 of 3$/,
  );
});

t.test('summarize: medians, the CPU spread, calls and requests summed', async (t) => {
  const s = summarize([
    result('raw', 100, 5, 7, 10),
    result('raw', 300, 6, 8, 30),
    result('raw', 200, 4, 9, 20),
  ]);
  t.equal(s.label, 'raw');
  t.equal(s.stat.value, 200);
  t.equal(s.write.value, 5);
  t.equal(s.read.value, 8);
  t.equal(s.stat.cpuUsPerCall, 20);
  t.equal(s.stat.cpuSpread, 2, '(30 - 10) / 10');
  t.equal(s.stat.calls, 300);
  t.equal(s.stat.requests, 600);
});

t.test(
  'the rules verdict: met under the goal, undecided inside the noise, else missed',
  async (t) => {
    const rows: [cost: number, noise: number, verdict: string | RegExp][] = [
      [0.01, 0, 'met'],
      [0.049, 0.3, 'met'],
      [0.05, 0, 'MISSED'],
      [0.2, 0.1, 'MISSED'],
      [0.08, 0.1, /^undecided: inside the noise \(rounds of one configuration differ by 10\.0%\)$/],
      [0.1, 0.1, /^undecided/],
      // a faster run with the rules is no cost at all
      [-0.1, 0.5, 'met'],
    ];
    for (const [cost, noise, want] of rows) {
      const got = rulesVerdict(cost, noise);
      if (typeof want === 'string') t.equal(got, want, `${cost} in ${noise}`);
      else t.match(got, want, `${cost} in ${noise}`);
    }
  },
);

t.test('the report puts the ratios beside the numbers, with the load it ran under', async (t) => {
  const rounds = new Map(results.map((r) => [r.label, [r]]));
  const out = report(results, rounds, { mib: 512, statSecs: 5, rounds: 1, load: 2 }, 60);
  const stat = out.split('\n').find((l) => l.startsWith('stat calls/s'));
  t.match(stat, /40000\s+30000\s+29000\s+20000\s+20000\s+0\.75x\s+1\.50x$/);
  t.match(out, /^load 2 /m);
  t.match(out, /requests per stat call\s+2\.00/);
  t.notMatch(out, /storing it in MemFs alone/, 'no storage line without its measurement');
  const withStore = report(
    results,
    rounds,
    { mib: 512, statSecs: 5, rounds: 1, load: 2 },
    60,
    undefined,
    [results.find((r) => r.label === 'raw')!.write.cpuUsPerCall],
  );
  t.match(
    withStore,
    /storing it in MemFs alone, without FUSE, .* raw's whole write takes 1\.00x that/,
  );
});
