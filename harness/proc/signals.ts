// Signal masks as /proc/PID/status prints them (SigPnd, ShdPnd, SigBlk, SigIgn,
// SigCgt): 16 hex digits, bit N-1 set for signal N (render_sigset_t in fs/proc/array.c).

// x86/arm64/generic numbering (include/uapi/asm-generic/signal.h); 1-based.
const NAMES = [
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGKILL',
  'SIGUSR1',
  'SIGSEGV',
  'SIGUSR2',
  'SIGPIPE',
  'SIGALRM',
  'SIGTERM',
  'SIGSTKFLT',
  'SIGCHLD',
  'SIGCONT',
  'SIGSTOP',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGURG',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGWINCH',
  'SIGIO',
  'SIGPWR',
  'SIGSYS',
];

// The kernel's SIGRTMIN is 32. glibc keeps 32 and 33 for itself, so glibc's (and
// bash's, python's) SIGRTMIN is the kernel's SIGRTMIN+2: names here follow the kernel.
export const SIGRTMIN = 32;
// The last signal (_NSIG), named SIGRTMAX rather than SIGRTMIN+32.
export const SIGRTMAX = 64;

// The name of signal n: 'SIGKILL', 'SIGRTMIN+3', 'SIGRTMAX'.
export function signalName(n: number): string {
  if (n >= 1 && n <= NAMES.length) return NAMES[n - 1] as string;
  if (n === SIGRTMAX) return 'SIGRTMAX';
  if (n >= SIGRTMIN && n < SIGRTMAX)
    return n === SIGRTMIN ? 'SIGRTMIN' : `SIGRTMIN+${n - SIGRTMIN}`;
  return `SIG${n}`;
}

// The number of a signal given as 'SIGKILL', 'KILL', 'SIGRTMIN+3' or 9; NaN if unknown.
export function signalNumber(sig: string | number): number {
  if (typeof sig === 'number') return sig;
  const s = sig.toUpperCase().startsWith('SIG') ? sig.toUpperCase() : `SIG${sig.toUpperCase()}`;
  const i = NAMES.indexOf(s);
  if (i >= 0) return i + 1;
  if (s === 'SIGRTMAX') return SIGRTMAX;
  const rt = /^SIGRTMIN(?:\+(\d+))?$/.exec(s);
  if (rt) return SIGRTMIN + Number(rt[1] ?? 0);
  const raw = /^SIG(\d+)$/.exec(s);
  return raw ? Number(raw[1]) : NaN;
}

// The signal numbers set in a hex mask, ascending.
export function maskSignals(hex: string): number[] {
  const mask = BigInt(`0x${hex.trim() || '0'}`);
  const out: number[] = [];
  for (let n = 1; n <= SIGRTMAX; n++) if ((mask >> BigInt(n - 1)) & 1n) out.push(n);
  return out;
}

// The names of the signals set in a hex mask: '0000000000000100' -> ['SIGKILL'].
export function decodeSigMask(hex: string): string[] {
  return maskSignals(hex).map(signalName);
}
