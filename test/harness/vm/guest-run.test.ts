// Fake guests (sh scripts) stand in for qemu: the deadlines, the frame and
// the console verdicts do not depend on what prints the console.
import t from 'tap';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classify, runGuest } from '../../../harness/vm/guest-run.js';
import { encodeFrame } from '../../../harness/vm/framing.js';

function setup(t: { teardown(fn: () => void): void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-guest-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { dir, resultFile: path.join(dir, 'result') };
}

// Running or sleeping; a zombie waiting for a slow reaper counts as gone.
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

t.test('a guest that never answers is killed and reported as TIMEOUT', async (t) => {
  const { dir, resultFile } = setup(t);
  const pidFile = path.join(dir, 'pid');
  const script = `echo "@@FUSEFAULT-INIT 6.1.0-fake"; echo "hung here"; sleep 1000 & echo $! > ${pidFile}; wait`;
  const r = await runGuest({
    file: 'sh',
    args: ['-c', script],
    resultFile,
    bootTimeoutMs: 5000,
    timeoutMs: 1500,
  });
  t.equal(r.status, 'timeout');
  t.match(r.reason, /still running after 2 s, killed/);
  t.equal(r.console.release, '6.1.0-fake');
  t.same(r.tail.slice(-1), ['hung here'], "the guest's last output is kept");
  t.notOk(
    alive(Number(fs.readFileSync(pidFile, 'utf8'))),
    "the guest's whole process group is gone",
  );
});

t.test('a guest that never reaches init is a retryable boot failure', async (t) => {
  const { resultFile } = setup(t);
  const r = await runGuest({
    file: 'sh',
    args: ['-c', 'echo "Booting from ROM..."; exec sleep 1000'],
    resultFile,
    bootTimeoutMs: 800,
    timeoutMs: 30_000,
  });
  t.equal(r.status, 'boot-failed');
  t.equal(r.bootCrash, true);
  t.match(r.reason, /init did not start within 1 s/);
});

t.test('a kernel panic at boot ends the guest and is reported as such', async (t) => {
  const { resultFile } = setup(t);
  const r = await runGuest({
    file: 'sh',
    args: [
      '-c',
      'echo "[ 1.0] traps: PANIC: double fault, error_code: 0x0"; echo "[ 1.0] Kernel panic - not syncing: Fatal exception"; exit 0',
    ],
    resultFile,
    bootTimeoutMs: 10_000,
    timeoutMs: 10_000,
  });
  t.equal(r.status, 'panic');
  t.equal(r.bootCrash, true);
  t.match(r.reason, /^at boot: .*double fault/);
});

t.test('a framed result is returned; a cut one is not', async (t) => {
  const { resultFile } = setup(t);
  const frame = encodeFrame('{"cases":[]}');
  const ok = await runGuest({
    file: 'sh',
    args: [
      '-c',
      `echo "@@FUSEFAULT-INIT 6.12.0"; printf '%s' "$1" > ${resultFile}; echo "@@FUSEFAULT-RUN-EXIT 0"`,
      'sh',
      frame,
    ],
    resultFile,
    bootTimeoutMs: 10_000,
    timeoutMs: 10_000,
  });
  t.equal(ok.status, 'ok');
  t.equal(ok.payload?.toString(), '{"cases":[]}');
  t.type(ok.initMs, 'number');
  const cut = await runGuest({
    file: 'sh',
    args: [
      '-c',
      `echo "@@FUSEFAULT-INIT 6.12.0"; printf '%s' "$1" > ${resultFile}; echo "@@FUSEFAULT-RUN-EXIT 0"`,
      'sh',
      frame.slice(0, 70),
    ],
    resultFile,
    bootTimeoutMs: 10_000,
    timeoutMs: 10_000,
  });
  t.equal(cut.status, 'no-result');
  t.match(cut.reason, /fusefault run exited 0, result: truncated/);
});

t.test('a guest dies with whoever runs it, even by SIGKILL', async (t) => {
  const { dir, resultFile } = setup(t);
  const pidFile = path.join(dir, 'pid');
  // the guest writes its own pid (setpriv and sh exec in place) and waits
  const script = `echo $$ > ${pidFile}; exec sleep 1000`;
  const mod = new URL('../../../harness/vm/guest-run.js', import.meta.url).href;
  const runner = `import(${JSON.stringify(mod)}).then((m) => m.runGuest(${JSON.stringify({
    file: 'sh',
    args: ['-c', script],
    resultFile,
    bootTimeoutMs: 600_000,
    timeoutMs: 600_000,
  })}))`;
  const parent = spawn(process.execPath, ['-e', runner], { stdio: 'ignore' });
  const exited = new Promise((r) => parent.once('exit', r));
  const until = async (f: () => boolean) => {
    for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 50));
    return f();
  };
  t.ok(await until(() => fs.existsSync(pidFile) && fs.statSync(pidFile).size > 0), 'guest started');
  const guest = Number(fs.readFileSync(pidFile, 'utf8'));
  t.ok(alive(guest), `guest ${guest} runs`);
  parent.kill('SIGKILL');
  await exited;
  const gone = await until(() => !alive(guest));
  if (!gone) process.kill(guest, 'SIGKILL');
  t.ok(gone, `guest ${guest} was killed when its runner died`);
});

t.test('a program that cannot start is a boot failure, not a throw', async (t) => {
  const { resultFile } = setup(t);
  const r = await runGuest({
    file: path.join(os.tmpdir(), 'no-such-qemu-here'),
    args: [],
    resultFile,
    bootTimeoutMs: 1000,
    timeoutMs: 1000,
  });
  t.equal(r.status, 'boot-failed');
  t.match(r.reason, /ENOENT|could not start/);
});

t.test('verdicts', async (t) => {
  const o = { bootTimeoutMs: 60_000, timeoutMs: 300_000 };
  const none = { ok: false, reason: 'no frame' } as const;
  const ran = { initReached: true };
  t.equal(
    classify(ran, none, undefined, 'exit 0', o).status,
    'panic',
    'died mid-run without a message',
  );
  t.match(
    classify(
      { ...ran, crash: { line: 'Oops: 0002', beforeInit: false } },
      none,
      undefined,
      'exit 0',
      o,
    ),
    {
      status: 'panic',
      bootCrash: false,
      reason: 'while running: Oops: 0002',
    },
  );
  t.match(classify({ initReached: false }, none, undefined, 'exit 1', o), {
    status: 'boot-failed',
    bootCrash: true,
  });
  t.match(classify({ ...ran, runExit: 2 }, none, undefined, 'exit 0', o), {
    status: 'no-result',
    reason: 'fusefault run exited 2, result: no frame',
  });
});
