// The control socket fuzz: one real `fusefault serve` (raw backend), COUNT
// connections of the seed's stream, eight at a time (a script that stops the
// server runs alone), each judged by connVerdict; then the server must still
// be alive and answer `status`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ctlRequest } from '../../src/control/client.js';
import { startServer } from '../server.js';
import { connVerdict } from './classify.js';
import { runScript } from './control-client.js';
import { controlScript, expectedReplies } from './gen-control.js';
import { ourFuseMounts, releaseMounts } from './leftovers.js';

const PARALLEL = 8;
const CONN_TIMEOUT_MS = 15_000;

/** Totals of the control fuzz. */
export interface ControlPhase {
  connections: number;
  lines: number;
  wrong: number;
  hangs: number;
  /** 1 when the server died or stopped answering during the fuzz */
  crashes: number;
  bad: { i: number; verdict: string; detail: string }[];
}

/** Runs COUNT scripts of SEED's stream against a fresh serve, stopping early at DEADLINE. */
export async function controlPhase(
  seed: number,
  count: number,
  deadline: number,
): Promise<ControlPhase> {
  const p: ControlPhase = { connections: 0, lines: 0, wrong: 0, hangs: 0, crashes: 0, bad: [] };
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-soak-ctl-'));
  const srv = await startServer({ dir, backend: 'raw', faults: [], profile: false });
  try {
    let i = 0;
    const one = async (k: number) => {
      const script = controlScript(seed, k);
      const r = await runScript(srv.control, script, CONN_TIMEOUT_MS);
      p.connections++;
      p.lines += script.lines.length;
      const v = connVerdict(script.end, expectedReplies(script), r);
      if (v === 'ok') return;
      if (v === 'hang') p.hangs++;
      else p.wrong++;
      const { replies, overflow } = expectedReplies(script);
      p.bad.push({
        i: k,
        verdict: v,
        detail: `end=${script.end} owed=${replies}${overflow ? '+close' : ''} got=${r.replies} malformed=${r.malformed} closed=${r.serverClosed}`,
      });
    };
    while (i < count && Date.now() < deadline) {
      if (controlScript(seed, i).alone) {
        await one(i++);
        continue;
      }
      const batch: number[] = [];
      while (batch.length < PARALLEL && i < count && !controlScript(seed, i).alone) batch.push(i++);
      await Promise.all(batch.map(one));
    }
    const alive = await ctlRequest(srv.control, { cmd: 'status' }, { timeoutMs: 5000 }).then(
      (r) => r.ok,
      () => false,
    );
    if (!alive) p.crashes = 1;
    return p;
  } finally {
    await Promise.race([srv.stop(), new Promise((r) => setTimeout(r, 10_000))]);
    await releaseMounts(ourFuseMounts(dir));
    rmSync(dir, { recursive: true, force: true });
  }
}
