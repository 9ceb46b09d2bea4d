// stat-loop: stat a path over and over, reporting each call (a FUSE lookup or
// getattr unless the attributes are cached). --count 0 loops until killed;
// the loop stops at the first error unless --keep-going. Iterations are
// spaced by timers so a caught SIGINT is reported between calls.
import { statSync } from 'node:fs';
import { args, call, catchSigint, need } from './emit.js';

const opts = args();
const path = need(opts, 'path');
const count = Number(opts.get('count') ?? '1');
const interval = Number(opts.get('interval-ms') ?? '0');
const keepGoing = opts.has('keep-going');
if (opts.has('catch-sigint')) catchSigint();

function next(i: number): void {
  if (count !== 0 && i >= count) return;
  const st = call(
    `stat#${i}`,
    'statx',
    () => statSync(path),
    (s) => s.size,
  );
  if (st === undefined && !keepGoing) process.exitCode = 1;
  else setTimeout(() => next(i + 1), interval);
}
next(0);
