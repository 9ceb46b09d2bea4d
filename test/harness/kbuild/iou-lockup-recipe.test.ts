// The 6.1-iou-lockup recipe without building it: its fragments merge into a
// non-preemptible kernel with the soft-lockup watchdog, its patch only takes
// the TIF_NOTIFY_SIGNAL guard out of zap_pid_ns_processes, and adding it left
// the cache keys of the older recipes exactly as they were.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import t from 'tap';
import {
  findRecipe,
  recipeFile,
  recipeFragments,
  recipeInputs,
} from '../../../harness/kbuild/recipes.js';

// A fragment as merge_config.sh reads it: CONFIG_X=v, or "# CONFIG_X is not set".
function parseFragment(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const set = /^(CONFIG_\w+)=(.*)$/.exec(line);
    const unset = /^# (CONFIG_\w+) is not set$/.exec(line);
    if (set) out.set(set[1]!, set[2]!);
    else if (unset) out.set(unset[1]!, 'n');
  }
  return out;
}

// The recipe's fragments merged in order, a later line winning.
function merged(name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of recipeFragments(findRecipe(name))) {
    for (const [k, v] of parseFragment(readFileSync(recipeFile(f), 'utf8'))) out.set(k, v);
  }
  return out;
}

t.test('the recipe: Debian 6.1, minimal.config then iou-lockup.config, one patch', async (t) => {
  const r = findRecipe('6.1-iou-lockup');
  t.equal(r.sourcePackage, findRecipe('6.1').sourcePackage, 'same source as the control');
  t.same(recipeFragments(r), ['minimal.config', 'iou-lockup.config']);
  t.same(r.patches, ['pidns-notify-signal-spin.patch']);
});

t.test(
  'merged, the fragments give a non-preemptible kernel that reports, not panics',
  async (t) => {
    const c = merged('6.1-iou-lockup');
    t.equal(c.get('CONFIG_PREEMPT_NONE'), 'y');
    t.equal(c.get('CONFIG_PREEMPT_VOLUNTARY'), 'n', "minimal.config's choice is overridden");
    for (const opt of ['IO_URING', 'PID_NS', 'DEBUG_KERNEL', 'SOFTLOCKUP_DETECTOR', 'KALLSYMS']) {
      t.equal(c.get(`CONFIG_${opt}`), 'y', opt);
    }
    t.equal(c.get('CONFIG_BOOTPARAM_SOFTLOCKUP_PANIC'), 'n', 'a soft lockup must not panic');
    t.equal(c.get('CONFIG_BOOTPARAM_HUNG_TASK_PANIC'), 'n');
    t.equal(merged('6.1').get('CONFIG_PREEMPT_VOLUNTARY'), 'y', 'the control stays voluntary');
  },
);

t.test('the patch only removes the no_notify_signal guard of zap_pid_ns_processes', async (t) => {
  const patch = readFileSync(recipeFile('pidns-notify-signal-spin.patch'), 'utf8');
  t.same(
    [...patch.matchAll(/^\+\+\+ (\S+)/gm)].map((m) => m[1]),
    ['b/kernel/pid_namespace.c'],
  );
  const removed = patch.split('\n').filter((l) => /^-(?!--)/.test(l));
  const added = patch.split('\n').filter((l) => /^\+(?!\+\+)/.test(l));
  t.ok(
    removed.some((l) => /^-\s*guard\(no_notify_signal\)\(\);$/.test(l)),
    'the guard goes',
  );
  t.same(
    added.filter((l) => !/^\+\s*(\/\*|\*)/.test(l)),
    [],
    'nothing but a comment comes in',
  );
  t.match(patch, /^ \t\tclear_thread_flag\(TIF_SIGPENDING\);$/m, 'the wait loop is the context');
});

t.test('cache keys: the old recipes hash as before, the new one apart', async (t) => {
  // The inputs as they were hashed before recipes could have extra fragments.
  const before = (name: string) => {
    const r = findRecipe(name);
    const files = [r.fragment, ...r.patches].map((f) => readFileSync(recipeFile(f), 'utf8'));
    return [r.sourcePackage, ...files].join('\0');
  };
  for (const name of ['6.1', '6.1-flush-nowait']) {
    t.equal(recipeInputs(findRecipe(name)), before(name), `${name}: same inputs`);
  }
  // Pinned: a change here invalidates every cached build of these recipes.
  const sha = (name: string) =>
    createHash('sha256')
      .update(recipeInputs(findRecipe(name)))
      .digest('hex')
      .slice(0, 16);
  t.equal(sha('6.1'), '6d59ec60871e131d', '6.1 inputs unchanged');
  t.equal(sha('6.1-flush-nowait'), 'b49ea2eb87e4d4e0', '6.1-flush-nowait inputs unchanged');
  const r = findRecipe('6.1-iou-lockup');
  t.not(recipeInputs(r), recipeInputs({ ...r, extraFragments: [] }), 'the fragment is in the key');
  t.not(recipeInputs(r), recipeInputs({ ...r, patches: [] }), 'the patch is in the key');
});
