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

// keys under which cases record the minor the kernel offered in FUSE_INIT
// (the server's INIT trace calls it kernelMinor)
const MINOR_KEYS = ['fuseProtocolMinor', 'kernelMinor'];

/** The first FUSE_INIT minor found in a case's evidence, searched a few levels deep. */
export function offeredMinor(v: unknown, depth = 5): number | undefined {
  if (depth < 0 || typeof v !== 'object' || v === null) return undefined;
  for (const [k, x] of Object.entries(v)) {
    if (MINOR_KEYS.includes(k) && typeof x === 'number') return x;
  }
  for (const x of Object.values(v)) {
    const m = offeredMinor(x, depth - 1);
    if (m !== undefined) return m;
  }
  return undefined;
}

/** The kernel facts of this machine; fuseProtocolMinor comes from a case that measured it. */
export function kernelFacts(cases: CaseResult[] = []): KernelFacts {
  const facts: KernelFacts = {
    release: release(),
    version: version(),
    preempt: preemptModel(),
    requestTimeoutSysctls: existsSync('/proc/sys/fs/fuse/default_request_timeout'),
  };
  const minor = cases.map((c) => offeredMinor(c.evidence)).find((m) => m !== undefined);
  if (minor !== undefined) facts.fuseProtocolMinor = minor;
  return facts;
}
