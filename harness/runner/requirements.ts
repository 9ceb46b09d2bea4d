// Whether a case can run here. A vmOnly case (one that can lock a CPU or
// leave a task no abort can free) runs only in a guest the kernel matrix
// booted, which says so with `fusefault.vm` on the kernel command line or
// FUSEFAULT_VM=1; any hypervisor is not enough, as this may be a VM itself.
import { accessSync, constants, readFileSync } from 'node:fs';
import type { Requirements } from './types.js';

/** True inside a kernel-matrix guest. */
export function inMatrixVm(): boolean {
  if (process.env.FUSEFAULT_VM === '1') return true;
  try {
    return readFileSync('/proc/cmdline', 'utf8').split(/\s+/).includes('fusefault.vm');
  } catch {
    return false;
  }
}

function hasFuseDevice(): boolean {
  try {
    accessSync('/dev/fuse', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why the case cannot run here, or undefined when it can. */
export function unmetRequirement(req: Requirements): string | undefined {
  if (req.vmOnly && !inMatrixVm()) return 'vm-only: runs only in a kernel-matrix guest';
  if (req.root && process.getuid?.() !== 0) return 'needs root';
  if (req.fuse && !hasFuseDevice()) return 'needs /dev/fuse';
  return undefined;
}

/** Requirements as words for `fusefault list`. */
export function requirementWords(req: Requirements): string {
  const w = [req.root && 'root', req.fuse && 'fuse', req.vmOnly && 'vm-only'].filter(Boolean);
  return w.length ? w.join(',') : '-';
}
