// The Vagrantfile: checked by `vagrant validate` (Debian's vagrant package,
// installed by scripts/setup.sh) when it is there, else by ruby -c, and
// always for the things docs/vagrant.md promises.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../../../harness/vm/guest/image.js';
import { which } from '../../../harness/vm/guest/host.js';

const FILE = path.join(PROJECT_ROOT, 'Vagrantfile');
const text = fs.readFileSync(FILE, 'utf8');

t.test('what the docs promise is in the file', async (t) => {
  t.match(text, /config\.vm\.box = "debian\/bookworm64"/);
  t.match(text, /config\.vm\.provider :libvirt do/);
  t.match(text, /config\.vm\.provider :virtualbox do/);
  t.match(text, /node_20\.x/, 'node 20 from NodeSource');
  t.match(text, /bash scripts\/setup\.sh/);
  t.match(text, /FUSEFAULT_KERNEL/);
  t.match(text, /reboot: true/, 'reboots into the installed kernel');
  const docs = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'vagrant.md'), 'utf8');
  t.match(docs, /vagrant up/);
  t.match(docs, /vagrant ssh -c/);
});

t.test('the Vagrantfile validates', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-vagrant-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  if (which('vagrant')) {
    // a copy, so vagrant's state stays out of the repo
    fs.copyFileSync(FILE, path.join(dir, 'Vagrantfile'));
    const validate = (env: Record<string, string>) =>
      execa('vagrant', ['validate', '--ignore-provider'], {
        cwd: dir,
        reject: false,
        env: { VAGRANT_HOME: path.join(dir, 'home'), VAGRANT_CHECKPOINT_DISABLE: '1', ...env },
      });
    const plain = await validate({});
    t.equal(plain.exitCode, 0, plain.stderr);
    t.match(plain.stdout, /validated successfully/);
    const kernel = await validate({
      FUSEFAULT_KERNEL: 'linux-image-amd64',
      FUSEFAULT_KERNEL_SUITE: 'trixie',
    });
    t.equal(kernel.exitCode, 0, kernel.stderr);
    const bad = await validate({ FUSEFAULT_KERNEL: 'x; reboot' });
    t.not(bad.exitCode, 0, 'a kernel variable that is not a package name is refused');
    t.match(bad.stderr, /FUSEFAULT_KERNEL must be a linux-image-\* package name/);
  } else if (which('ruby')) {
    const r = await execa('ruby', ['-c', FILE], { reject: false });
    t.equal(r.exitCode, 0, r.stderr);
    t.match(r.stdout, /Syntax OK/);
  } else {
    // no Ruby at all: blocks must at least balance
    const code = text.replace(/<<~SH[\s\S]*?^SH$/gm, '').replace(/#.*$/gm, '');
    const opens = (code.match(/\bdo\b(\s*\|[^|]*\|)?\s*$/gm) ?? []).length;
    const ifs = (code.match(/^\s*(unless|if)\b/gm) ?? []).length;
    const ends = (code.match(/^\s*end\s*$/gm) ?? []).length;
    t.equal(opens + ifs, ends, 'do/unless blocks balance their ends');
  }
});
