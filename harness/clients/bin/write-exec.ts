// write-exec: a child writes an executable script and exits without close();
// right after the writer is reaped, execve the file. With the flush of an
// exiting task deferred (5a8bee63b10f, reverted by 91ec6c85599b) the writer's
// fput could run late, leaving the file open for write: execve -> ETXTBSY.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { args, emit, need, now } from './emit.js';

const opts = args();
const dir = need(opts, 'dir');
const attempts = Number(opts.get('attempts') ?? '1');
const writer = fileURLToPath(new URL('./write-exit.js', import.meta.url));

for (let i = 0; i < attempts; i++) {
  const path = `${dir}/exec-${process.pid}-${i}.sh`;
  const data = '#!/bin/sh\nexit 0\n';
  const w = spawnSync(process.execPath, [writer, '--path', path, '--data', data, '--mode', '755']);
  emit({ step: `writer#${i}`, syscall: 'wait4', result: w.status ?? String(w.signal) });
  const t0 = now();
  const r = spawnSync(path, [], { timeout: 10_000 });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  const detail = { path, execMs: Math.round((now() - t0) * 1000) };
  if (code) emit({ step: `exec#${i}`, syscall: 'execve', errno: code, detail });
  else emit({ step: `exec#${i}`, syscall: 'execve', result: r.status ?? String(r.signal), detail });
}
