import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_MIRROR,
  hostMirror,
  mirrorFrom,
  parseSources,
} from '../../../harness/vm/sources.js';

const DEB822 = `Types: deb
# http://snapshot.example/archive/debian/20250520T000000Z
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://src.example/debian
Suites: bookworm
`;

t.test('deb822 sources: archive, security and keyring', async (t) => {
  const e = parseSources(DEB822, true);
  t.equal(e.length, 2, 'deb-src is ignored');
  t.same(mirrorFrom(e), {
    archive: 'http://mirror.example/debian',
    security: 'http://mirror.example/debian-security',
    keyring: '/usr/share/keyrings/debian-archive-keyring.gpg',
  });
});

t.test('one-line sources with options', async (t) => {
  const e = parseSources(
    '# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://m.example/debian/ trixie main\n' +
      'deb https://other.example/apt stable main\n',
    false,
  );
  t.equal(e.length, 2);
  t.same(mirrorFrom(e), {
    archive: 'http://m.example/debian',
    security: undefined,
    keyring: '/k.gpg',
  });
});

t.test('no Debian entry falls back to deb.debian.org', async (t) => {
  t.same(
    mirrorFrom(parseSources('deb https://other.example/apt stable main\n', false)),
    DEFAULT_MIRROR,
  );
});

t.test('hostMirror reads a sources tree and ignores disabled files', async (t) => {
  const etc = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-etc-'));
  t.teardown(() => fs.rmSync(etc, { recursive: true, force: true }));
  fs.mkdirSync(path.join(etc, 'sources.list.d'));
  fs.writeFileSync(path.join(etc, 'sources.list.d', 'debian.sources'), DEB822);
  fs.writeFileSync(
    path.join(etc, 'sources.list.d', 'x.list.disabled'),
    'deb http://wrong.example/debian bookworm main\n',
  );
  t.equal(hostMirror(etc).archive, 'http://mirror.example/debian');
});
