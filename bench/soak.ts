// `npm run soak`: reliability figures, measured. The netflix-flush-on-exit case
// with the harness SIGKILLed and SIGINTed at random moments (recovery timed
// until clean), a seeded fuzz of fault specs, control socket lines and CLI
// command lines, and serves killed under a client loop. Bounded in count and
// time; prints a Markdown table (for the README), writes JSON with --json, and
// exits 1 on any dirty recovery, crash, hang or leftover (2 on bad options).
import { writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { cliPhase } from './soak/cli-phase.js';
import { controlPhase } from './soak/control-phase.js';
import { parseSoakOptions, type SoakOptions } from './soak/options.js';
import {
  markdownTable,
  soakFailures,
  soakNotes,
  soakRows,
  type SoakResults,
} from './soak/report.js';
import { signalledRun, signalMoment } from './soak/runs-phase.js';
import { killUnderClients, KILL_VARIANTS } from './soak/server-kill-phase.js';
import { specPhase } from './soak/spec-phase.js';

// each phase's share of the budget, in the order they run; a phase that ends
// early leaves its time to the next
const SHARES = { specs: 0.02, control: 0.15, cli: 0.25, kills: 0.13, runs: 0.45 };
const log = (s: string) => process.stderr.write(`soak: ${s}\n`);

async function soak(o: SoakOptions): Promise<SoakResults> {
  const start = Date.now();
  let used = 0;
  const deadline = (share: number) => start + (used += share) * o.budgetS * 1000;
  const r: SoakResults = { seed: o.seed, runs: [], kills: [] };
  log(`seed ${o.seed}, budget ${o.budgetS} s`);
  r.specs = await specPhase(o.seed, o.inputs, deadline(SHARES.specs));
  log(`fault specs: ${r.specs.tried} tried`);
  r.control = await controlPhase(o.seed, o.connections, deadline(SHARES.control));
  log(`control: ${r.control.connections} connections, ${r.control.lines} lines`);
  r.cli = await cliPhase(o.seed, o.argv, deadline(SHARES.cli));
  log(`CLI: ${r.cli.tried} command lines`);
  const killsEnd = deadline(SHARES.kills);
  for (let k = 0; k < o.kills && Date.now() < killsEnd; k++) {
    for (const v of KILL_VARIANTS) r.kills.push(await killUnderClients(v));
  }
  log(`serve kills: ${r.kills.length}`);
  const runsEnd = deadline(SHARES.runs);
  const bound = o.cleanBoundS * 1000;
  if (o.runs + o.sigintRuns > 0) {
    r.baseline = await signalledRun('none', 0, bound);
    let caseMs = r.baseline.atMs;
    log(`baseline run: ${(caseMs / 1000).toFixed(1)} s`);
    // SIGKILL and SIGINT runs alternate, so both see the same load on a shared machine
    const plan = [
      ...Array.from({ length: o.runs }, (_, i) => ({ sig: 'SIGKILL' as const, i: 2 * i })),
      ...Array.from({ length: o.sigintRuns }, (_, i) => ({ sig: 'SIGINT' as const, i: 2 * i + 1 })),
    ].sort((a, b) => a.i - b.i);
    for (const { sig, i } of plan) {
      // a run takes about the case's length plus start-up: start none that would pass the end
      if (Date.now() + caseMs + 3000 > runsEnd) break;
      const rec = await signalledRun(sig, signalMoment(o.seed, i, caseMs), bound);
      r.runs.push(rec);
      // the case's length varies with the machine's load: a run that ended before its
      // signal shortens the window the next moments are drawn from
      if (rec.endedFirst) caseMs = Math.min(caseMs, rec.atMs);
      log(
        `${sig} at ${rec.atMs} ms: ${rec.clean ? `clean in ${rec.secondsToClean?.toFixed(2)} s` : 'NOT clean'}`,
      );
    }
  }
  log(`done in ${((Date.now() - start) / 1000).toFixed(0)} s`);
  return r;
}

async function main(): Promise<void> {
  let o: SoakOptions;
  try {
    o = parseSoakOptions(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const started = new Date();
  const r = await soak(o);
  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  const failures = soakFailures(r);
  const where = `${cpus().length} cores, Linux ${release()}, seed ${o.seed}, ${seconds} s, ${started.toISOString().slice(0, 10)}`;
  const notes = soakNotes(r).map((n) => `- ${n}`);
  process.stdout.write(`${markdownTable(soakRows(r))}\n\n${where}\n\n${notes.join('\n')}\n`);
  process.stdout.write(failures.length ? `\nFAIL: ${failures.join('; ')}\n` : '\nPASS\n');
  if (o.json)
    writeFileSync(o.json, `${JSON.stringify({ options: o, where, failures, ...r }, null, 2)}\n`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`soak: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
