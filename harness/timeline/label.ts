// A process's name on its lane, from its command line: the script a Python or
// Node client runs ('write-close'), `fusefault serve`, a `python3 -c` script
// of ours by its first line (`# fusefault guardian`), or the command itself;
// a pid-ns init (pid 1 in its namespace) says so.
import { basename } from 'node:path';

const INTERPRETERS = /^(python3?(\.\d+)?|node(js)?)$/;

/** The label of a process with argv ARGV (may be empty: unreadable), COMM and NSPID. */
export function processLabel(
  argv: readonly string[],
  comm: string,
  nspid: readonly number[],
): string {
  const init = nspid.length > 1 && nspid.at(-1) === 1 ? ' (pid-ns init)' : '';
  const cmd = argv[0] ? basename(argv[0]) : '';
  if (INTERPRETERS.test(cmd)) {
    if (argv.includes('-c')) {
      // a -c script may name itself in its first line: `# fusefault guardian`
      const code = argv[argv.indexOf('-c') + 1] ?? '';
      const named = /^\s*#\s*(fusefault [a-z][a-z -]*?)\s*$/.exec(
        code.trimStart().split('\n')[0] ?? '',
      );
      return `${named ? named[1] : `${cmd} -c`}${init}`;
    }
    const script = argv.slice(1).find((a) => !a.startsWith('-'));
    if (script) {
      const name = basename(script).replace(/\.(py|js|mjs|cjs)$/, '');
      // the CLI entry: name it by its command, a server with its faults
      // (`fusefault serve flush:stall`), as its trace's requests are named
      if (name === 'main') {
        const sub = argv[argv.indexOf(script) + 1];
        const faults = argv.flatMap((a, i) => (argv[i - 1] === '--fault' ? [a] : []));
        return ['fusefault', sub, ...faults].filter(Boolean).join(' ') + init;
      }
      return `${name}${init}`;
    }
  }
  return `${cmd || comm}${init}`;
}

/** ARGV of a /proc/PID/cmdline text (NUL-separated). */
export function parseCmdline(text: string): string[] {
  return text.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
}
