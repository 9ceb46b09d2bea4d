// `fusefault demo` as a person sees it: juicefs-close-interrupt in a terminal
// (a private tmux server), Enter pressed at each step's prompt, the pane read
// back: the narration in order, the held close() in D with fuse_flush on its
// stack and SIGINT pending, the verdict and the clean-up, and nothing left
// mounted; Ctrl-C at a prompt (the held-close fixture). Off a terminal (a
// pipe) the demo runs through at its pace without colour, and a case without
// steps is shown through all its processes.
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { CLI } from '../helpers.js';
import { hasExited, waitFor } from '../../harness/wait.js';
import { declaresOutcome, type CaseDef } from '../../harness/runner/types.js';

const CASES = fileURLToPath(new URL('../../cases/', import.meta.url));
const STEP_CASES = fileURLToPath(new URL('../fixtures/cases-steps/', import.meta.url));
const PLAIN_CASES = fileURLToPath(new URL('../fixtures/cases/', import.meta.url));

// A tmux server of this test's own (-L): other tmux users are never touched.
function tmux(sock: string) {
  const run = (...args: string[]) => execa('tmux', ['-L', sock, ...args]);
  return {
    run,
    /** ends the server and removes its socket file (tmux leaves it) */
    close: async () => {
      const path = await run('display-message', '-p', '#{socket_path}').catch(() => undefined);
      await run('kill-server').catch(() => undefined);
      if (path?.stdout) rmSync(path.stdout.trim(), { force: true });
    },
    /** the whole pane, history included, wrapped lines joined; with escapes when ESC */
    capture: async (esc = false) =>
      (await run('capture-pane', '-p', '-J', '-S', '-', ...(esc ? ['-e'] : []))).stdout,
  };
}

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// `fusefault demo ID --step` (cases from DIR) in a wide pane of a tmux server
// of its own, which says `demo-exit=N` when the demo ends and stays readable.
async function demoInTmux(t: Test, name: string, dir: string, id: string) {
  const term = tmux(`fusefault-demo-test-${name}-${process.pid}`);
  t.teardown(() => term.close());
  const cmd = [`FUSEFAULT_CASES_DIR=${sh(dir)}`, sh(process.execPath), sh(CLI)];
  cmd.push(`demo ${id} --step; echo demo-exit=$?; sleep 3600`);
  await term.run('new-session', '-d', '-x', '220', '-y', '100', cmd.join(' '));
  return term;
}

// Asserts that WORDS occur in TEXT in this order, each after the one before.
function inOrder(t: Test, text: string, what: string, words: (string | RegExp)[]): void {
  let from = 0;
  const missing = words.find((w) => {
    const rest = text.slice(from);
    const i = typeof w === 'string' ? rest.indexOf(w) : (w.exec(rest)?.index ?? -1);
    if (i < 0) return true;
    from += i + 1;
    return false;
  });
  // on a failure, the whole text goes with it
  const extra = missing === undefined ? {} : { text };
  t.equal(missing, undefined, `${what}: in order, up to ${String(missing)}`, extra);
}

// The client PID exited (a zombie not yet reaped by whoever it was handed
// to counts): recovery left no task in D behind.
async function clientGone(t: Test, pid: string | undefined): Promise<void> {
  t.ok(pid, 'the client was seen');
  const gone = await waitFor(() => hasExited(Number(pid)), {
    timeoutMs: 10_000,
    what: `client ${pid} to exit`,
  }).catch(() => false);
  t.ok(gone, `the client ${pid} has exited, not left in D`);
}

t.test('--step in a terminal: juicefs-close-interrupt, Enter at each step', async (t) => {
  const term = await demoInTmux(t, 'step', CASES, 'juicefs-close-interrupt');
  // at each prompt press Enter, until the demo has exited
  let pressed = 0;
  for (;;) {
    const now = await waitFor(
      async () => {
        const s = await term.capture();
        return s.includes(`[Enter: step ${pressed};`) || /demo-exit=\d+/.test(s) ? s : '';
      },
      { timeoutMs: 120_000, what: `the prompt of step ${pressed} or the end` },
    );
    if (/demo-exit=\d+/.test(now)) break;
    await term.run('send-keys', 'Enter');
    pressed++;
  }
  const all = await term.capture();
  t.match(all, /^demo-exit=0$/m, 'exit 0');
  const steps = [...all.matchAll(/^step (\d+): /gm)].map((m) => Number(m[1]));
  t.same(
    steps,
    steps.map((_, i) => i),
    'every step announced, in order',
  );
  t.equal(pressed, steps.length, 'each waited for its own Enter');
  // the run with the server ignoring INTERRUPTs and cp catching SIGINT
  const from = all.indexOf('start the server with flush:stall interrupts:ignore');
  const to = all.indexOf('start the server with', from + 1);
  t.ok(from > 0 && to > from, 'the ignore/caught run');
  const out = all.slice(from, to);
  inOrder(t, out, 'its narration', [
    'cp writes /cp-ignore-caught and closes it (SIGINT caught)',
    'close() sends FLUSH, which the server holds: cp sleeps in fuse_flush',
    /\[Enter: step \d+;/,
    '=> cp: S in fuse_flush',
    /: send SIGINT to cp\n.*the server stays silent on the INTERRUPT: FLUSH is forced, cp stays in D/,
    /\[Enter: step \d+;/,
    /-> SIGINT to \d+/,
    /in flight for \d+\.\d s: FUSE flush #\d+ \/cp-ignore-caught/,
    ': send SIGKILL to cp',
    /-> SIGKILL to \d+/,
    ': the server answers the FLUSH',
    /-> |=> /,
  ]);
  // what the kernel did, each shown while it lasted: until the next signal,
  // which waits for Enter at a prompt printed after it
  inOrder(t, out, 'close() in S', [
    'cp writes /cp-ignore-caught',
    /write-close \d+ {2}S sleeping {2}request_wait_answer .*fuse_flush/,
    /-> SIGINT to/,
  ]);
  inOrder(t, out, 'the FLUSH held', [
    'cp writes /cp-ignore-caught',
    /FUSE flush #\d+ \/cp-ignore-caught from pid \d+: read by the server, unanswered \(fault: stall\)/,
    /-> SIGINT to/,
  ]);
  inOrder(t, out, 'SIGINT: D in fuse_flush with SIGINT pending', [
    /-> SIGINT to/,
    /write-close \d+ {2}D uninterruptible {2}request_wait_answer .*fuse_flush.* pending SIGINT$/m,
    /-> SIGKILL to/,
  ]);
  inOrder(t, out, 'the INTERRUPT ignored', [
    /-> SIGINT to/,
    /FUSE INTERRUPT for flush #\d+ after \d+\.\d s: the server ignores it/,
    /-> SIGKILL to/,
  ]);
  inOrder(t, out, 'SIGKILL: still D', [
    /-> SIGKILL to/,
    /write-close \d+ {2}D uninterruptible .*fuse_flush.* pending SIGKILL SIGINT$/m,
    ': the server answers the FLUSH',
  ]);
  inOrder(t, out, 'the release answers the FLUSH', [
    ': the server answers the FLUSH',
    /FUSE flush #\d+ \/cp-ignore-caught from pid \d+ answered after \d+\.\d s: released/,
  ]);
  // tmux gives each attribute its own sequence: bold, then red
  t.match(await term.capture(true), /\x1b\[[0-9;]*mD uninterruptible/, 'in colour on a terminal');
  // the end: a verdict in the case's own words, why, what recovery undid
  const def = (await import(`${CASES}/juicefs-close-interrupt.js`)) as { default: CaseDef };
  const word = /^verdict: (\S+): /m.exec(all)?.[1];
  t.ok(
    word && declaresOutcome(def.default, word),
    `the verdict is an outcome of the case (${word})`,
  );
  inOrder(t, all, 'the end', [/^verdict: /m, /^why: honour\/caught: /m, /^clean-up: .*removed /m]);
  const workdir = /^clean-up: .*removed (\S+)$/m.exec(all)?.[1];
  t.ok(workdir, 'the work directory is said');
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  t.notOk(mounts.includes(` ${workdir}/`), 'nothing left mounted below it');
  for (const m of all.matchAll(/-> SIGINT to (\d+)/g)) await clientGone(t, m[1]);
});

t.test('Ctrl-C at a prompt: the case is stopped and recovered, exit 130', async (t) => {
  const term = await demoInTmux(t, 'int', STEP_CASES, 'held-close');
  const waitFor_ = (what: string, re: RegExp) =>
    waitFor(async () => re.test(await term.capture()), { timeoutMs: 120_000, what });
  for (const step of [0, 1]) {
    await waitFor_(`the prompt of step ${step}`, new RegExp(`\\[Enter: step ${step};`));
    await term.run('send-keys', 'Enter');
  }
  // step 2's prompt: close() is blocked on the held FLUSH, waiting for SIGINT
  await waitFor_('the prompt of step 2', /\[Enter: step 2;/);
  await term.run('send-keys', 'C-c');
  await waitFor_('the end', /demo-exit=\d+/);
  const out = await term.capture();
  t.match(out, /^demo-exit=130$/m);
  t.notMatch(out, /-> SIGINT to/, 'step 2 never ran');
  inOrder(t, out, 'stopped, then recovered', [
    'fusefault: SIGINT: stopping the case and recovering',
    'verdict: interrupted: no verdict: the run was interrupted',
    'why: SIGINT (paused at step 2 "send SIGINT to write-close" for',
    /clean-up: .*aborted conn \d+/,
  ]);
  const mnt = /=> server \d+ on (\S+) \(conn (\d+)\)/.exec(out);
  t.ok(mnt, 'the mountpoint is said');
  t.notOk(readFileSync('/proc/self/mountinfo', 'utf8').includes(` ${mnt?.[1]} `), 'unmounted');
  await clientGone(t, /write-close (\d+) {2}S sleeping/.exec(out)?.[1]);
});

t.test('off a terminal: runs through at its pace, no colour', async (t) => {
  const r = await execa(process.execPath, [CLI, 'demo', 'steps', '--pace', '0'], {
    reject: false,
    env: { FUSEFAULT_CASES_DIR: STEP_CASES },
    timeout: 60_000,
  });
  t.equal(r.exitCode, 0, r.stderr);
  t.notMatch(r.stdout, /\x1b/, 'no escapes');
  inOrder(t, r.stdout, 'the narration', [
    'step 0: start a sleeper',
    /=> sleeper \d+ in S/,
    'step 1: send SIGSTOP to the sleeper',
    /-> SIGSTOP to \d+/,
    /=> sleeper \d+ in T/,
    'step 2: send SIGCONT to the sleeper',
    /-> SIGCONT to \d+/,
    /=> sleeper \d+ in S again/,
    'verdict: stepped',
    /clean-up: killed \d+ \(sleep\)/,
  ]);
  // T lasts until SIGCONT, which waits for the demo's look before step 2. Its
  // stack is not asked for: a sample taken as the task stops can read T while
  // it is still on its CPU, where the unwinder gives no frames (ORC's
  // __unwind_start: task_on_another_cpu), and the sampler reads a stack again
  // only on a change of state (or in D)
  inOrder(t, r.stdout, 'the stop', [/-> SIGSTOP to/, /sleep \d+ {2}T stopped/, /-> SIGCONT to/]);
});

t.test('a case without steps: its processes, and it says so', async (t) => {
  const r = await execa(process.execPath, [CLI, 'demo', 'pass', '--pace', '0'], {
    reject: false,
    env: { FUSEFAULT_CASES_DIR: PLAIN_CASES },
    timeout: 60_000,
  });
  t.equal(r.exitCode, 0, r.stderr);
  inOrder(t, r.stdout, 'the narration', [
    'fusefault demo pass',
    'verdict: measured',
    /why: sleeper \d+ left running/,
    /clean-up: .*killed \d+ \(sleep\)/,
    '(this case announces no steps: the states above are all its processes)',
  ]);
});
