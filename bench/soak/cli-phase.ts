// The CLI fuzz: COUNT generated command lines, two at a time, each run as the
// compiled `fusefault` in an empty working directory inside the soak's own,
// judged by cliVerdict. A live serve stands by for the ctl lines; any other
// FUSE mount that appears below the soak's directory is counted and removed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server.js';
import { cliVerdict, type CliOutcome } from './classify.js';
import { argvInput, type ArgvPaths } from './gen-argv.js';
import { ourFuseMounts, releaseMounts } from './leftovers.js';

const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const PARALLEL = 2;
const TIMEOUT_MS = 20_000;

/** Totals of the CLI fuzz. */
export interface CliPhase {
  tried: number;
  wrong: number;
  crashes: number;
  hangs: number;
  mounted: number;
  bad: {
    i: number;
    argv: string[];
    expect: string;
    verdict: string;
    why: string;
    stderr: string;
  }[];
}

// Runs the CLI with ARGV; a run that printed a TAP plan started work it must not: stopped at once.
function runCli(argv: string[], cwd: string): Promise<Omit<CliOutcome, 'mounted'>> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.FUSEFAULT_CASES_DIR;
    const child = spawn(process.execPath, [CLI, ...argv], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/^# state /m.test(stdout)) child.kill('SIGINT');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stderr, timedOut });
    });
  });
}

/** Runs COUNT command lines of SEED's stream, stopping early at DEADLINE. */
export async function cliPhase(seed: number, count: number, deadline: number): Promise<CliPhase> {
  const p: CliPhase = { tried: 0, wrong: 0, crashes: 0, hangs: 0, mounted: 0, bad: [] };
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-soak-cli-'));
  const cwd = join(dir, 'cwd');
  mkdirSync(cwd);
  writeFileSync(join(dir, 'file'), 'not a directory\n');
  mkdirSync(join(dir, 'srv'));
  const srv = await startServer({
    dir: join(dir, 'srv'),
    backend: 'raw',
    faults: [],
    profile: false,
  });
  const paths: ArgvPaths = {
    missing: join(dir, 'missing'),
    file: join(dir, 'file'),
    socket: srv.control,
    longSocket: join(dir, 's'.repeat(120)),
  };
  const strays = () => ourFuseMounts(dir).filter((m) => m.mountpoint !== srv.mountpoint);
  try {
    let next = 0;
    const worker = async () => {
      while (next < count && Date.now() < deadline) {
        const i = next++;
        const input = argvInput(seed, i, paths);
        const o = await runCli(input.argv, cwd);
        const left = strays();
        const v = cliVerdict(input.expect, { ...o, mounted: left.length });
        p.tried++;
        p.mounted += left.length;
        await releaseMounts(left);
        if (v.kind === 'ok') continue;
        if (v.kind === 'wrong') p.wrong++;
        else if (v.kind === 'crash') p.crashes++;
        else p.hangs++;
        p.bad.push({
          i,
          argv: input.argv,
          expect: input.expect,
          verdict: v.kind,
          why: v.why,
          stderr: o.stderr.slice(0, 400),
        });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return p;
  } finally {
    await Promise.race([srv.stop(), new Promise((r) => setTimeout(r, 10_000))]);
    await releaseMounts(ourFuseMounts(dir));
    rmSync(dir, { recursive: true, force: true });
  }
}
