// `npm run soak` options: counts, seed and time budget, from the command line
// (--runs 10) or the environment (SOAK_RUNS=10); the command line wins. The
// defaults keep the whole soak near ten minutes on a shared 2-core machine.

/** Everything the soak is told. */
export interface SoakOptions {
  seed: number;
  /** netflix runs SIGKILLed, then SIGINTed, at a random moment */
  runs: number;
  sigintRuns: number;
  /** fault specs tried in-process */
  inputs: number;
  /** control connections to one serve */
  connections: number;
  /** CLI command lines spawned */
  argv: number;
  /** serves killed under a client loop, per variant */
  kills: number;
  /** seconds for the whole soak: each phase stops starting new work at its share */
  budgetS: number;
  /** seconds a run may take to come back clean after its signal */
  cleanBoundS: number;
  json?: string;
}

const NUMERIC: Record<string, [keyof SoakOptions, number]> = {
  seed: ['seed', 1],
  runs: ['runs', 17],
  'sigint-runs': ['sigintRuns', 17],
  inputs: ['inputs', 20_000],
  connections: ['connections', 1500],
  argv: ['argv', 240],
  kills: ['kills', 2],
  budget: ['budgetS', 780],
  'clean-bound': ['cleanBoundS', 60],
};

const envName = (flag: string) =>
  `SOAK_${flag.toUpperCase().replace(/-/g, '_')}${flag === 'budget' || flag === 'clean-bound' ? '_S' : ''}`;

/** Parses ARGV over ENV; throws Error with a one-line reason on anything it does not know. */
export function parseSoakOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): SoakOptions {
  const o: Record<string, number | string | undefined> = {};
  for (const [flag, [key, dflt]] of Object.entries(NUMERIC)) o[key] = env[envName(flag)] ?? dflt;
  o.json = env.SOAK_JSON;
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i] ?? '');
    if (!m) throw new Error(`unexpected argument '${argv[i]}'`);
    const flag = m[1] as string;
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${flag} needs a value`);
    if (flag === 'json') o.json = value;
    else if (NUMERIC[flag]) o[NUMERIC[flag][0]] = value;
    else throw new Error(`unknown option --${flag}`);
  }
  for (const [flag, [key]] of Object.entries(NUMERIC)) {
    const v = Number(o[key]);
    if (!Number.isSafeInteger(v) || v < 0)
      throw new Error(`--${flag} (${envName(flag)}) must be a whole number >= 0, not '${o[key]}'`);
    o[key] = v;
  }
  return o as unknown as SoakOptions;
}
