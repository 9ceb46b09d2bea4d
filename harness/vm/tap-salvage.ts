// Case results read off the guest's TAP output as it runs, so that when a
// later case hangs or crashes the whole guest, the cases that finished
// before it keep their outcome instead of inheriting the VM verdict.

export interface SalvagedCase {
  id: string;
  outcome: string;
  summary: string;
  ok: boolean;
}

const POINT = /^(not )?ok \d+ - (\S+) # outcome=(\S+)/;
const SUMMARY = /^\s+summary: (".*")\s*$/;

// Feed console lines in order; `cases` holds what finished.
export class TapSalvage {
  readonly cases = new Map<string, SalvagedCase>();
  private last: SalvagedCase | undefined;

  push(line: string): void {
    const p = POINT.exec(line);
    if (p) {
      this.last = { id: p[2]!, outcome: p[3]!, summary: '', ok: !p[1] };
      this.cases.set(this.last.id, this.last);
      return;
    }
    const s = SUMMARY.exec(line);
    if (s && this.last && !this.last.summary) {
      try {
        this.last.summary = String(JSON.parse(s[1]!));
      } catch {
        this.last.summary = s[1]!;
      }
    }
  }
}
