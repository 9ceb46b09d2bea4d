// Boot retries, with a fake guest that crashes on its first boot only.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeFrame } from '../../../harness/vm/framing.js';
import { runOnKernel, type VmRunOptions } from '../../../harness/vm/vmrun.js';

const RESULT = {
  kernel: { release: '7.2.0-fake', version: '#1', preempt: 'full', requestTimeoutSysctls: true },
  startedAt: 'now',
  cases: [],
};

function options(dir: string, script: string, retries: number): VmRunOptions {
  const logs: string[] = [];
  return {
    bzImage: '/nonexistent/bzImage',
    initrd: '/nonexistent/initrd',
    accel: 'tcg',
    job: { cases: ['x'], sysctls: { 'fs.fuse.default_request_timeout': '10' } },
    bootTimeoutMs: 5000,
    runBudgetMs: 5000,
    retries,
    consoleLog: path.join(dir, 'console.log'),
    log: (m) => logs.push(m),
    command: {
      file: 'sh',
      // the fake guest gets the result file and the kernel command line qemu would get
      args: (argv) => {
        const file = argv[argv.lastIndexOf('-serial') + 1]!.replace(/^file:/, '');
        return ['-c', script, 'sh', file, argv[argv.indexOf('-append') + 1]!, dir];
      },
    },
  };
}

const CRASH_ONCE = `
if [ ! -e "$3/booted" ]; then touch "$3/booted"; echo "[ 0.9] traps: PANIC: double fault"; exit 0; fi
echo "@@FUSEFAULT-INIT 7.2.0-fake"; echo "cmdline: $2"
printf '%s' '${encodeFrame(JSON.stringify(RESULT))}' > "$1"
echo "@@FUSEFAULT-RUN-EXIT 0"`;

t.test('a boot crash is retried and the retry says so', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-vmrun-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const r = await runOnKernel(options(dir, CRASH_ONCE, 2));
  t.equal(r.status, 'ok');
  t.same(r.result, RESULT);
  t.equal(r.release, '7.2.0-fake');
  t.same(
    r.attempts.map((a) => a.status),
    ['panic', 'ok'],
  );
  const log = fs.readFileSync(path.join(dir, 'console.log'), 'utf8');
  t.match(log, /=== boot 1: qemu-system-x86_64 /);
  t.match(log, /=== boot 2: /);
  t.match(
    log,
    /cmdline: .*fusefault\.cases=x .*fusefault\.sysctl=fs\.fuse\.default_request_timeout=10/,
  );
});

t.test('without retries the boot crash is the answer', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-vmrun-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const r = await runOnKernel(options(dir, CRASH_ONCE, 0));
  t.equal(r.status, 'panic');
  t.equal(r.attempts.length, 1);
  t.equal(r.result, undefined);
  t.match(r.reason, /at boot: .*double fault/);
});
