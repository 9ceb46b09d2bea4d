// A real CaseContext for tests (the runner's), with the runner's recovery as
// teardown: whatever a test started, mounted or tracked is undone, and the
// test fails when recovery was not clean.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { createCaseContext } from '../../../harness/runner/case-context.js';
import { caseStateFile, loadState } from '../../../harness/recovery/state.js';
import { recover } from '../../../harness/recovery/recover.js';
import type { CaseContext } from '../../../harness/runner/types.js';

/** A context whose tracked pids, mounts and connections are recovered at t's teardown. */
export function testContext(t: Test, id = 'test'): CaseContext {
  const root = mkdtempSync(join(tmpdir(), 'fusefault-test-'));
  const stateDir = mkdtempSync(join(root, 'state-'));
  const workdir = mkdtempSync(join(root, 'work-'));
  const abort = new AbortController();
  const { ctx } = createCaseContext({
    id,
    workdir,
    stateFile: caseStateFile(stateDir, id),
    signal: abort.signal,
    log: (m) => t.comment(m),
  });
  t.teardown(async () => {
    abort.abort();
    const report = await recover(loadState(stateDir));
    const { rmSync } = await import('node:fs');
    rmSync(root, { recursive: true, force: true });
    if (!report.clean) throw new Error(`recovery not clean: ${report.leftovers.join('; ')}`);
  });
  return ctx;
}
