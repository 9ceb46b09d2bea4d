import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { initScript } from '../../../../harness/vm/guest/init.js';
import { MARK } from '../../../../harness/vm/framing.js';

const script = initScript({ modules: ['fuse'] });

t.test('the init script is valid sh and does the boot steps in order', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-init-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'init'), script);
  const r = await execa('busybox', ['sh', '-n', path.join(dir, 'init')], { reject: false });
  t.equal(r.exitCode, 0, r.stderr);
  const at = (s: string) => script.indexOf(s);
  for (const s of ['mount -t proc', 'mount -t devtmpfs', 'insmod /lib/modules/fusefault/$m.ko']) {
    t.ok(at(s) > 0, s);
  }
  t.ok(at(MARK.init) < at('insmod'), 'announces init before loading modules');
  t.ok(at('insmod') < at('mount -t fusectl'), 'fusectl after fuse is loaded');
  t.ok(at('mount -t fusectl') < at('node dist/cli/main.js run'), 'then runs the cases');
  t.ok(at(MARK.begin) < at('poweroff -f'), 'frames the result before powering off');
  t.match(script, /for m in fuse; do/);
});

t.test('the framing commands, run by busybox, produce what the host parses', async (t) => {
  const { parseFrame } = await import('../../../../harness/vm/framing.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-init-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const json = path.join(dir, 'result.json');
  fs.writeFileSync(json, JSON.stringify({ big: 'x'.repeat(5000) }));
  // the frame block of the script, with the guest's paths pointed at the temp dir
  const block = /if \[ -s \/tmp\/result\.json \]; then\n([\s\S]*?)\nfi\n/.exec(script)?.[1];
  t.ok(block, 'found the frame block');
  const sh = block!.replaceAll('/tmp/result.json', json).replace(/> \/dev\/ttyS1/, '');
  const r = await execa('busybox', ['sh', '-c', sh]);
  const f = parseFrame(r.stdout);
  t.ok(f.ok, 'busybox frame parses');
  if (f.ok) t.equal(f.payload.toString(), fs.readFileSync(json, 'utf8'));
});

t.test('fusefault.lava hands the console to a shell after the setup, before any run', async (t) => {
  const at = (s: string) => script.indexOf(s);
  t.ok(at('fusefault.lava) lava=1') > 0, 'read from the kernel command line');
  t.ok(at('mount -t fusectl') < at('if [ -n "$lava" ]'), 'after fusectl and the sysctls');
  t.ok(at('if [ -n "$lava" ]') < at('node dist/cli/main.js run'), 'instead of the run');
  t.ok(
    script.includes("export PS1='fusefault-lava# '\n  while :; do sh; done"),
    'a shell with the prompt',
  );
});
