// Case results read off the guest's TAP output as it runs, so that when a
// later case hangs or crashes the whole guest, the cases that finished
// before it keep their outcome instead of inheriting the VM verdict.
// The runner prints `# ID: outcome WORD` and `# ID: summary: TEXT` (or
// `# ID: skipped: REASON`) before each result line `ok N ID` (tap.ts).

export interface SalvagedCase {
  id: string;
  outcome: string;
  summary: string;
  ok: boolean;
}

const POINT = /^(not )?ok \d+ (\S+)( # SKIP)?\s*$/;
const DIAG = /^# (\S+): (outcome (\S+)|summary: (.*)|skipped: (.*))$/;

// Feed console lines in order; `cases` holds what finished.
export class TapSalvage {
  readonly cases = new Map<string, SalvagedCase>();
  private pending = new Map<string, { outcome?: string; summary?: string }>();

  push(line: string): void {
    const d = DIAG.exec(line);
    if (d) {
      const p = this.pending.get(d[1]!) ?? {};
      if (d[3] !== undefined) p.outcome = d[3];
      if (d[4] !== undefined) p.summary = d[4];
      if (d[5] !== undefined) Object.assign(p, { outcome: 'skipped', summary: d[5] });
      this.pending.set(d[1]!, p);
      return;
    }
    const m = POINT.exec(line);
    if (!m) return;
    const id = m[2]!;
    const p = this.pending.get(id) ?? {};
    this.pending.delete(id);
    const outcome = p.outcome ?? (m[3] ? 'skipped' : 'unknown');
    this.cases.set(id, { id, outcome, summary: p.summary ?? '', ok: !m[1] });
  }
}
