// Kernel specs as the user writes them on the command line:
//   debian:<suite>              newest cloud kernel of bookworm, trixie, sid, ...
//   debian:<version>            an exact Debian kernel package version (6.1.176-1)
//   debian:<package>            an exact image package (linux-image-6.1.0-50-cloud-amd64)
//   file:<bzImage>[:<modules>]  the user's own kernel, modules dir optional
//   build:<recipe>              a kernel built by `fusefault kernel build`
// Any spec may end in `+name=value` (repeatable) to set a sysctl in the guest
// before the cases run, e.g. debian:sid+fs.fuse.default_request_timeout=10.
import { quote, UsageError } from '../../src/errors.js';

export type KernelSource =
  | { kind: 'debian'; suite: string }
  | { kind: 'debian'; version: string }
  | { kind: 'debian'; package: string }
  | { kind: 'file'; bzImage: string; modulesDir?: string }
  | { kind: 'build'; recipe: string };

export interface KernelSpec {
  /** the spec exactly as given: the matrix's `kernel` column */
  text: string;
  source: KernelSource;
  /** sysctl name (dotted) -> value, written in the guest before the run */
  sysctls: Record<string, string>;
}

const SUITE = /^[a-z][a-z0-9-]*$/;
const VERSION = /^\d+\.\d+[0-9A-Za-z.+~-]*$/;
const PACKAGE = /^linux-image-\d[0-9A-Za-z.+~-]*$/;
// a value is printable ASCII without blanks or '+' (it is written to /proc/sys)
const SYSCTL = /^([a-z0-9_]+(?:\.[a-z0-9_]+)+)=([\x21-\x2a\x2c-\x7e]*)$/;

// Parses one spec; a malformed one is the user's mistake (UsageError).
export function parseKernelSpec(text: string): KernelSpec {
  const [head = '', ...extras] = text.split('+').reduce<string[]>(joinVersionPluses, []);
  const sysctls: Record<string, string> = {};
  for (const e of extras) {
    const m = SYSCTL.exec(e);
    if (!m)
      throw new UsageError(
        `kernel spec ${quote(text)}: ${quote('+' + e)} is not +name.of.sysctl=value`,
      );
    sysctls[m[1]!] = m[2]!;
  }
  return { text, source: parseSource(head, text), sysctls };
}

// Debian versions and ABI names contain '+' (6.12.107+deb13): a '+' only starts
// a sysctl when what follows looks like name.with.dots=value.
function joinVersionPluses(acc: string[], part: string): string[] {
  if (acc.length > 0 && !SYSCTL.test(part)) acc[acc.length - 1] += `+${part}`;
  else acc.push(part);
  return acc;
}

function parseSource(head: string, text: string): KernelSource {
  const colon = head.indexOf(':');
  const scheme = colon < 0 ? '' : head.slice(0, colon);
  const rest = colon < 0 ? '' : head.slice(colon + 1);
  if (scheme === 'debian') {
    if (VERSION.test(rest)) return { kind: 'debian', version: rest };
    if (PACKAGE.test(rest)) return { kind: 'debian', package: rest };
    if (SUITE.test(rest)) return { kind: 'debian', suite: rest };
  } else if (scheme === 'file' && rest) {
    const [bzImage = '', modulesDir, ...more] = rest.split(':');
    if (bzImage && more.length === 0 && modulesDir !== '') {
      return modulesDir ? { kind: 'file', bzImage, modulesDir } : { kind: 'file', bzImage };
    }
  } else if (scheme === 'build' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(rest)) {
    return { kind: 'build', recipe: rest };
  }
  throw new UsageError(
    `kernel spec ${quote(text)}: expected debian:<suite|version|package>, file:<bzImage>[:<modules dir>] or build:<recipe>`,
  );
}
