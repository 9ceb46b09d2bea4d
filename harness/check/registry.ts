// Every check `fusefault check` knows, in the order they run. To add one:
// write harness/check/checks/<id>.ts exporting defineCheck({...}) and list
// it here. Checks that only look run before those that inject faults, so
// what they see is the filesystem at rest; daemon-death, which kills the
// filesystem under test, runs last (selectChecks keeps this order).
import daemonDeath from './checks/daemon-death.js';
import errorPropagation from './checks/error-propagation.js';
import interrupt from './checks/interrupt.js';
import ownMountFds from './checks/own-mount-fds.js';
import recovery from './checks/recovery.js';
import sigkill from './checks/sigkill.js';
import stoppedDaemon from './checks/stopped-daemon.js';
import type { CheckDef } from './types.js';

/** The checks, in run order. */
export const CHECKS = [
  ownMountFds,
  errorPropagation,
  interrupt,
  sigkill,
  recovery,
  stoppedDaemon,
  // kills the filesystem under test (and unmounts it): always last
  daemonDeath,
] as const satisfies readonly CheckDef[];

/** A check's id. */
export type CheckId = (typeof CHECKS)[number]['id'];

/** Every id, in run order. */
export const CHECK_IDS: readonly CheckId[] = CHECKS.map((c) => c.id);

/** True when id names a check. */
export function isCheckId(id: string): id is CheckId {
  return (CHECK_IDS as readonly string[]).includes(id);
}

/** The checks with these ids (all when empty), in run order. */
export function selectChecks(ids: readonly string[]): CheckDef[] {
  return CHECKS.filter((c) => ids.length === 0 || ids.includes(c.id));
}
