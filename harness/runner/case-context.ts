// The CaseContext a case runs with, inside the case child. Every tracking call
// writes the case state file before it returns, so that recovery (in the
// runner, or the watchdog if the runner dies) knows about it at once.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { statOf } from '../recovery/procfs.js';
import {
  emptyCaseState,
  writeJsonSync,
  type CaseState,
  type TrackedPid,
} from '../recovery/state.js';
import type { CaseContext } from './types.js';

/** Where the context writes and how it logs. */
export interface ContextOptions {
  id: string;
  workdir: string;
  stateFile: string;
  signal: AbortSignal;
  log(message: string): void;
}

/** The process as recovery will know it; throws if it is already gone. */
export function trackedPid(pid: number): TrackedPid {
  const st = statOf(pid);
  if (!st) throw new Error(`trackPid: no process ${pid}`);
  return { pid, pgid: st.pgrp, sid: st.session, start: st.startTime };
}

/** Builds the context; the returned state is the one written to stateFile. */
export function createCaseContext({ id, workdir, stateFile, signal, log }: ContextOptions): {
  ctx: CaseContext;
  state: CaseState;
} {
  const state = emptyCaseState(id);
  const save = () => writeJsonSync(stateFile, state);
  save();
  const ctx: CaseContext = {
    id,
    workdir,
    signal,
    log,
    trackPid(pid) {
      if (state.pids.some((p) => p.pid === pid)) return;
      state.pids.push(trackedPid(pid));
      save();
    },
    trackMount(mountpoint) {
      const mp = resolve(mountpoint);
      if (state.mounts.includes(mp)) return;
      state.mounts.push(mp);
      save();
    },
    trackConnection(conn) {
      if (state.connections.includes(conn)) return;
      state.connections.push(conn);
      save();
    },
    async setSysctl(path, value) {
      const p = resolve(path);
      if (!p.startsWith('/proc/sys/'))
        throw new UsageError(`setSysctl: ${path} is not below /proc/sys`);
      // recorded before the write: a crash between the two still restores it
      if (!state.sysctls.some((s) => s.path === p)) {
        state.sysctls.push({ path: p, old: readFileSync(p, 'utf8').trim() });
        save();
      }
      writeFileSync(p, value);
    },
  };
  return { ctx, state };
}
