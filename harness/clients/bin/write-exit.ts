// write-exit: create a file, write to it and exit without close(), like the
// child in the "fuse + pidns" reproducer; --mode makes it executable (the
// writer half of write-exec).
import { chmodSync, openSync, writeSync } from 'node:fs';
import { args, call, emit, need } from './emit.js';

const opts = args();
const path = need(opts, 'path');
const data = opts.get('data') ?? 'x'.repeat(Number(opts.get('size') ?? '4096'));
const fd = call('open', 'openat', () => openSync(path, 'w'));
if (fd === undefined) process.exit(1);
call('write', 'write', () => writeSync(fd, data));
const mode = opts.get('mode');
if (mode !== undefined) call('chmod', 'fchmod', () => chmodSync(path, parseInt(mode, 8)));
emit({ step: 'exit', syscall: 'exit_group', enter: true, detail: { fd } });
process.exit(0);
