// open-exit: open a file, optionally write to it, and exit without close():
// the fd is closed by do_exit -> exit_files -> filp_close, which on FUSE sends
// FLUSH from an exiting task (the Netflix trigger). --hold keeps the fd open
// until the process is killed instead of exiting by itself.
import { openSync, writeSync } from 'node:fs';
import { args, call, catchSigint, emit, need } from './emit.js';

const opts = args();
const path = need(opts, 'path');
if (opts.has('catch-sigint')) catchSigint();
const fd = call('open', 'openat', () => openSync(path, opts.get('flags') ?? 'w'));
if (fd === undefined) process.exit(1);
const text = opts.get('write');
if (text !== undefined) call('write', 'write', () => writeSync(fd, text));
if (opts.has('hold')) {
  emit({ step: 'hold', syscall: 'pause', enter: true, detail: { fd, pid: process.pid } });
  setInterval(() => undefined, 1 << 30);
} else {
  emit({ step: 'exit', syscall: 'exit_group', enter: true, detail: { fd } });
  process.exit(0);
}
