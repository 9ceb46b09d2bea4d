// Facts about the running kernel that decide what the cases can show: the
// preemption model (a spinning do_wait in zap_pid_ns_processes only locks a
// CPU without preemption) and whether FUSE request timeouts exist (6.15+).
import { existsSync, readFileSync } from 'node:fs';
import { release, version } from 'node:os';
import type { CaseResult, KernelFacts } from './types.js';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Preemption model from debugfs ("none voluntary (full)"), the build config, or uname -v. */
export function preemptModel(): string {
  const dyn = read('/sys/kernel/debug/sched/preempt');
  const chosen = dyn && /\(([^)]+)\)/.exec(dyn)?.[1];
  if (chosen) return `dynamic(${chosen})`;
  const v = version();
  if (/\bPREEMPT_RT\b/.test(v)) return 'full';
  if (/\bPREEMPT_DYNAMIC\b/.test(v)) return 'dynamic(unknown)';
  const config = read(`/boot/config-${release()}`) ?? '';
  if (/^CONFIG_PREEMPT_NONE=y/m.test(config)) return 'none';
  if (/^CONFIG_PREEMPT_VOLUNTARY=y/m.test(config)) return 'voluntary';
  if (/^CONFIG_PREEMPT=y/m.test(config) || /\bPREEMPT\b/.test(v)) return 'full';
  return 'unknown';
}

/** The kernel facts of this machine; fuseProtocolMinor comes from a case that measured it. */
export function kernelFacts(cases: CaseResult[] = []): KernelFacts {
  const facts: KernelFacts = {
    release: release(),
    version: version(),
    preempt: preemptModel(),
    requestTimeoutSysctls: existsSync('/proc/sys/fs/fuse/default_request_timeout'),
  };
  const minor = cases.map((c) => c.evidence.fuseProtocolMinor).find((m) => typeof m === 'number');
  if (typeof minor === 'number') facts.fuseProtocolMinor = minor;
  return facts;
}
