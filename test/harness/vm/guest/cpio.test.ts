// The host's cpio(1) is the oracle: it must list and extract what we wrote.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { cpioHeader, writeCpio } from '../../../../harness/vm/guest/cpio.js';

t.test('newc header layout', async (t) => {
  const h = cpioHeader(7, { name: 'init', mode: 0o100755, size: 10 });
  t.equal(h.length % 4, 0, 'padded to 4 bytes');
  const s = h.toString('latin1');
  t.equal(s.slice(0, 6), '070701');
  t.equal(s.slice(6, 14), '00000007', 'ino');
  t.equal(s.slice(14, 22), '000081ed', 'mode');
  t.equal(s.slice(54, 62), '0000000a', 'filesize');
  t.equal(s.slice(94, 102), '00000005', 'namesize counts the NUL');
  t.equal(s.slice(110, 115), 'init\0');
});

t.test('cpio(1) reads back files, modes, symlinks and devices', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-cpio-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const src = path.join(dir, 'src.bin');
  fs.writeFileSync(src, Buffer.from([1, 2, 3, 4, 5]));
  fs.chmodSync(src, 0o751);
  const archive = path.join(dir, 'a.cpio');
  await writeCpio(archive, [
    { type: 'dir', path: 'bin' },
    { type: 'dir', path: 'dev' },
    { type: 'file', path: '/bin/tool', source: src },
    { type: 'symlink', path: 'bin/sh', target: 'tool' },
    { type: 'data', path: 'init', mode: 0o755, data: Buffer.from('#!/bin/sh\n') },
    { type: 'chardev', path: 'dev/console', major: 5, minor: 1 },
  ]);
  t.equal(fs.statSync(archive).size % 4, 0);
  const list = await execa('cpio', ['-itv', '--quiet'], { inputFile: archive });
  const lines = list.stdout.split('\n');
  t.equal(lines.length, 6);
  t.match(
    lines.find((l) => l.endsWith(' bin/tool')),
    /^-rwxr-x--x .* 5 /,
  );
  t.match(
    lines.find((l) => l.includes('bin/sh')),
    /^lrwxrwxrwx .* bin\/sh -> tool$/,
  );
  t.match(
    lines.find((l) => l.includes('dev/console')),
    /^crw------- .* 5,\s+1 /,
  );
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  await execa('cpio', ['-id', '--quiet', '--no-absolute-filenames'], {
    inputFile: archive,
    cwd: out,
    reject: false,
  });
  t.same([...fs.readFileSync(path.join(out, 'bin', 'tool'))], [1, 2, 3, 4, 5]);
  t.equal(fs.readFileSync(path.join(out, 'init'), 'utf8'), '#!/bin/sh\n');
  t.equal(fs.readlinkSync(path.join(out, 'bin', 'sh')), 'tool');
});
