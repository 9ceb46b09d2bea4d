// Shared libraries of host binaries, from the host's ldd: what node, the
// util-linux tools and native addons need inside the guest.
import { execaSync } from 'execa';

// Absolute library paths in ldd output ("libc.so.6 => /lib/.../libc.so.6 (0x..)"
// and the bare loader line "/lib64/ld-linux-x86-64.so.2 (0x...)").
export function parseLdd(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /=>\s+(\/\S+)\s+\(/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

// Libraries of a binary; [] for a static binary or a file that is not ELF for this host.
export function sharedLibraries(file: string): string[] {
  const r = execaSync('ldd', [file], { reject: false });
  return r.exitCode === 0 ? parseLdd(String(r.stdout)) : [];
}
