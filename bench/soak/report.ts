// The soak's table (Markdown, for the README) and its verdict, both computed
// from the records alone: every figure in the table is a count or a time
// measured in this run.
import type { CliPhase } from './cli-phase.js';
import type { ControlPhase } from './control-phase.js';
import type { RunRecord } from './runs-phase.js';
import type { KillRecord, KillVariant } from './server-kill-phase.js';
import type { SpecPhase } from './spec-phase.js';

/** Everything one soak measured. */
export interface SoakResults {
  seed: number;
  baseline?: RunRecord;
  runs: RunRecord[];
  specs?: SpecPhase;
  control?: ControlPhase;
  cli?: CliPhase;
  kills: KillRecord[];
}

const HEAD = [
  '',
  'runs / inputs',
  'clean',
  'seconds to clean',
  'wrong results',
  'crashes',
  'hangs',
  'leftover mounts',
  'D tasks',
];

/** The median and the largest of XS as "m (max M)", or '-' when empty. */
export function medianMax(xs: number[]): string {
  if (xs.length === 0) return '-';
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return `${mid.toFixed(2)} (max ${s.at(-1)!.toFixed(2)})`;
}

function runRow(label: string, rs: RunRecord[]): string[] {
  const signalled = rs.filter((r) => !r.endedFirst);
  const first = rs.length - signalled.length;
  return [
    label,
    `${rs.length}${first ? ` (${first} ended before the signal)` : ''}`,
    `${rs.filter((r) => r.clean).length} of ${rs.length}`,
    medianMax(signalled.flatMap((r) => (r.secondsToClean === undefined ? [] : [r.secondsToClean]))),
    String(rs.filter((r) => !r.exitOk).length),
    '-',
    String(rs.filter((r) => !r.clean).length),
    String(rs.reduce((n, r) => n + r.left.mounts.length, 0)),
    String(rs.reduce((n, r) => n + r.left.dTasks.length, 0)),
  ];
}

function killRow(variant: KillVariant, ks: KillRecord[]): string[] {
  const clean = ks.filter(
    (k) => !k.mountLeft && !k.socketLeft && !k.dTasks.length && !k.processesLeft.length,
  );
  return [
    `serve killed under a client loop, ${variant}`,
    String(ks.length),
    `${clean.length} of ${ks.length}`,
    medianMax(ks.flatMap((k) => (k.unmountSeconds === undefined ? [] : [k.unmountSeconds]))),
    '-',
    '-',
    String(ks.filter((k) => k.clientSeconds === undefined).length),
    String(ks.filter((k) => k.mountLeft).length),
    String(ks.reduce((n, k) => n + k.dTasks.length, 0)),
  ];
}

/** The table rows, one per soak part that ran. */
export function soakRows(r: SoakResults): string[][] {
  const rows: string[][] = [];
  const kill = r.runs.filter((x) => x.sent === 'SIGKILL');
  const int = r.runs.filter((x) => x.sent === 'SIGINT');
  if (kill.length)
    rows.push(runRow('netflix-flush-on-exit, harness SIGKILLed at a random moment', kill));
  if (int.length)
    rows.push(runRow('netflix-flush-on-exit, harness SIGINTed at a random moment', int));
  const s = r.specs;
  if (s)
    rows.push([
      'fault specs (parse, add, decide; in-process)',
      String(s.tried),
      '-',
      '-',
      String(s.wrong),
      String(s.crashes),
      String(s.hangs),
      '-',
      '-',
    ]);
  const c = r.control;
  if (c)
    rows.push([
      `control socket lines (${c.connections} connections to one serve)`,
      String(c.lines),
      '-',
      '-',
      String(c.wrong),
      String(c.crashes),
      String(c.hangs),
      '-',
      '-',
    ]);
  const a = r.cli;
  if (a)
    rows.push([
      'CLI command lines (spawned)',
      String(a.tried),
      '-',
      '-',
      String(a.wrong),
      String(a.crashes),
      String(a.hangs),
      String(a.mounted),
      '-',
    ]);
  for (const v of [...new Set(r.kills.map((k) => k.variant))])
    rows.push(
      killRow(
        v,
        r.kills.filter((k) => k.variant === v),
      ),
    );
  return rows;
}

/** ROWS under HEAD as a Markdown table. */
export function markdownTable(rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(HEAD), line(HEAD.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join(
    '\n',
  );
}

/** Notes under the table: what the columns mean where a row reads them its own way, and details. */
export function soakNotes(r: SoakResults): string[] {
  const notes: string[] = [
    "Wrong results: an exit status or stderr other than the one expected (CLI, signalled runs), a control reply missing, extra or malformed, a fault spec rejected with a message of several lines. Clean: none of the run's FUSE mounts, none of its tasks in D, its watchdog exited; for a killed serve also no socket file and no server process left.",
  ];
  if (r.baseline)
    notes.push(
      `The case ran ${(r.baseline.atMs / 1000).toFixed(1)} s unsignalled (${r.baseline.clean ? 'clean' : 'NOT clean'}); signal moments were drawn over the first 90% of the shortest run seen so far.`,
    );
  for (const run of r.runs.filter((x) => x.left.processes.length))
    notes.push(
      `${run.sent} at ${run.atMs} ms: processes of the run still alive 2 s after clean: ${run.left.processes.join(', ')}`,
    );
  for (const v of [...new Set(r.kills.map((k) => k.variant))]) {
    const ks = r.kills.filter((k) => k.variant === v);
    const errs = [...new Set(ks.map((k) => k.client))].join(', ');
    const secs = medianMax(
      ks.flatMap((k) => (k.clientSeconds === undefined ? [] : [k.clientSeconds])),
    );
    notes.push(
      `${v}: client loop ended with ${errs} after ${secs} s; control socket file left ${ks.filter((k) => k.socketLeft).length} of ${ks.length}; processes left ${ks.filter((k) => k.processesLeft.length).length} of ${ks.length}.`,
    );
  }
  const wrong = [...(r.cli?.bad ?? []).filter((b) => b.verdict === 'wrong').map((b) => b.why)];
  if (wrong.length)
    notes.push(
      `CLI wrong results: ${[...new Set(wrong)].map((w) => `${wrong.filter((x) => x === w).length}x ${w}`).join('; ')}.`,
    );
  if (r.specs?.wrong)
    notes.push(
      `Fault specs: ${r.specs.wrong} rejections whose message spans several lines (a spec holding a newline).`,
    );
  return notes;
}

/** Why the soak fails, one reason a line; empty when it passes. */
export function soakFailures(r: SoakResults): string[] {
  const f: string[] = [];
  const dirty = r.runs.filter((x) => !x.clean).length + (r.baseline && !r.baseline.clean ? 1 : 0);
  if (dirty) f.push(`${dirty} run(s) not clean within the bound`);
  const crashes = (r.specs?.crashes ?? 0) + (r.control?.crashes ?? 0) + (r.cli?.crashes ?? 0);
  if (crashes) f.push(`${crashes} crash(es)`);
  const hangs =
    (r.specs?.hangs ?? 0) +
    (r.control?.hangs ?? 0) +
    (r.cli?.hangs ?? 0) +
    r.kills.filter((k) => k.clientSeconds === undefined).length;
  if (hangs) f.push(`${hangs} hang(s)`);
  const mounts = (r.cli?.mounted ?? 0) + r.kills.filter((k) => k.mountLeft).length;
  if (mounts) f.push(`${mounts} leftover mount(s)`);
  const d = r.kills.reduce((n, k) => n + k.dTasks.length, 0);
  if (d) f.push(`${d} task(s) left in D`);
  const sockets = r.kills.filter((k) => k.socketLeft).length;
  if (sockets) f.push(`${sockets} control socket file(s) left`);
  return f;
}
