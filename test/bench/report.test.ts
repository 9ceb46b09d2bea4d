import t from 'tap';
import type { Phase, Result } from '../../bench/measure.js';
import { goalLines, report, rulesVerdict } from '../../bench/report.js';

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
const by = (label: string) => results.find((r) => r.label === label)!;

t.test('goal lines say each ratio and whether it meets its goal', async (t) => {
  t.same(goalLines(by), [
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
  const out = report(results, { mib: 512, statSecs: 5, rounds: 2, load: 2 }, 60);
  const stat = out.split('\n').find((l) => l.startsWith('stat calls/s'));
  t.match(stat, /40000\s+30000\s+29000\s+20000\s+20000\s+0\.75x\s+1\.50x$/);
  t.match(out, /^load 2 /m);
  t.match(out, /requests per stat call\s+2\.00/);
});
