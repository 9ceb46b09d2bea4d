import t from 'tap';
import { readFileSync } from 'node:fs';
import {
  findRecipe,
  listRecipes,
  recipeFile,
  recipeInputs,
} from '../../../harness/kbuild/recipes.js';
import { fusefault } from '../../helpers.js';

t.test('the control and the patched recipe share source and config', async (t) => {
  t.same(listRecipes(), ['6.1', '6.1-flush-nowait', '6.1-flush-async-ref', '6.1-iou-lockup']);
  const control = findRecipe('6.1');
  const patched = findRecipe('6.1-flush-nowait');
  t.equal(control.sourcePackage, patched.sourcePackage);
  t.equal(control.fragment, patched.fragment);
  t.same(control.patches, []);
  t.same(patched.patches, ['flush-nowait.patch']);
  t.not(recipeInputs(control), recipeInputs(patched), 'the patch is part of the cache key');
  const ref = findRecipe('6.1-flush-async-ref');
  t.equal(ref.sourcePackage, control.sourcePackage);
  t.equal(ref.fragment, control.fragment);
  t.same(ref.patches, ['flush-async-ref.patch']);
  t.not(recipeInputs(ref), recipeInputs(patched), 'the two patches are different builds');
});

t.test('the config fragment enables what the guest and the cases need', async (t) => {
  const frag = readFileSync(recipeFile('minimal.config'), 'utf8');
  for (const opt of [
    'FUSE_FS',
    'PID_NS',
    'KALLSYMS',
    'STACKTRACE',
    'UNIX',
    'ACPI',
    'PCI',
    'SERIAL_8250_CONSOLE',
    'BLK_DEV_INITRD',
  ]) {
    t.match(frag, new RegExp(`^CONFIG_${opt}=y$`, 'm'), opt);
  }
});

for (const file of ['flush-nowait.patch', 'flush-async-ref.patch']) {
  t.test(`${file} only touches fuse_flush for exiting tasks`, async (t) => {
    const patch = readFileSync(recipeFile(file), 'utf8');
    const files = [...patch.matchAll(/^\+\+\+ (\S+)/gm)].map((m) => m[1]);
    t.same(files, ['b/fs/fuse/file.c']);
    t.match(patch, /^\+\s+if \(current->flags & PF_EXITING\)$/m);
    t.match(patch, /fuse_simple_background/);
  });
}

t.test('only the async-ref patch keeps the file until the FLUSH reply', async (t) => {
  const nowait = readFileSync(recipeFile('flush-nowait.patch'), 'utf8');
  const ref = readFileSync(recipeFile('flush-async-ref.patch'), 'utf8');
  // get_file() when queueing, fput() in the end callback (and on a failed queue)
  t.match(ref, /^\+\s+ef->file = get_file\(file\);$/m);
  t.equal([...ref.matchAll(/^\+\s+fput\(ef->file\);$/gm)].length, 2);
  t.notMatch(nowait, /^\+\s+.*\b(get_file|fput)\(/m, 'no call that takes or drops one');
});

t.test('an unknown recipe is one line and exit 2', async (t) => {
  const r = await fusefault(['kernel', 'build', 'no-such-recipe']);
  t.equal(r.exitCode, 2);
  t.match(
    r.stderr,
    /^fusefault: unknown kernel recipe 'no-such-recipe' \(known: 6\.1, 6\.1-flush-nowait, 6\.1-flush-async-ref, 6\.1-iou-lockup\)$/,
  );
});
