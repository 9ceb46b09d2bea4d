import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  aptCommand,
  aptConf,
  aptOptions,
  listsAge,
  prepareAptRoot,
  sourcesList,
} from '../../../harness/vm/apt.js';

const MIRROR = {
  archive: 'http://m.example/debian',
  security: 'http://m.example/debian-security',
  keyring: '/usr/share/keyrings/k.gpg',
};

t.test('a stable suite gets -updates and -security, sid does not', async (t) => {
  t.equal(
    sourcesList('bookworm', MIRROR),
    'deb [signed-by=/usr/share/keyrings/k.gpg] http://m.example/debian bookworm main\n' +
      'deb [signed-by=/usr/share/keyrings/k.gpg] http://m.example/debian bookworm-updates main\n' +
      'deb [signed-by=/usr/share/keyrings/k.gpg] http://m.example/debian-security bookworm-security main\n',
  );
  t.equal(
    sourcesList('sid', MIRROR),
    'deb [signed-by=/usr/share/keyrings/k.gpg] http://m.example/debian sid main\n',
  );
});

t.test('every apt directory points into the private root', async (t) => {
  const o = aptOptions('/c/apt/sid', { uid: 1000 });
  for (const k of Object.keys(o).filter((k) => k.startsWith('Dir::'))) {
    t.ok(o[k]!.startsWith('/c/apt/sid/'), `${k} = ${o[k]}`);
  }
  for (const k of [
    'Dir::State',
    'Dir::State::status',
    'Dir::Cache',
    'Dir::Etc::SourceList',
    'Dir::Etc::SourceParts',
    'Dir::Etc::Preferences',
    'Dir::Etc::PreferencesParts',
    'Dir::Etc::Parts',
  ]) {
    t.ok(k in o, `${k} is set`);
  }
  t.notOk('APT::Sandbox::User' in o, 'a normal user needs no sandbox override');
  t.equal(aptOptions('/c', { uid: 0 })['APT::Sandbox::User'], 'root');
});

t.test('the command passes -o options and APT_CONFIG', async (t) => {
  const c = aptCommand({ dir: '/c/apt/sid', suite: 'sid' }, 'apt-get', ['update']);
  t.equal(c.file, 'apt-get');
  t.equal(c.env.APT_CONFIG, '/c/apt/sid/apt.conf');
  t.same(c.args.slice(-1), ['update']);
  const i = c.args.indexOf('Dir::Etc::SourceList=/c/apt/sid/etc/sources.list');
  t.ok(i > 0 && c.args[i - 1] === '-o', 'sources list given with -o');
  t.match(aptConf({ 'Dir::State': '/x' }), /^Dir::State "\/x";\n$/);
});

t.test('prepareAptRoot lays out the root and writes only inside it', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-apt-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const root = prepareAptRoot(path.join(dir, 'trixie'), 'trixie', MIRROR);
  const conf = fs.readFileSync(path.join(dir, 'trixie', 'apt.conf'), 'utf8');
  t.match(conf, `Dir::Etc::Parts "${path.join(dir, 'trixie', 'etc', 'apt.conf.d')}";`);
  t.match(
    fs.readFileSync(path.join(dir, 'trixie', 'etc', 'sources.list'), 'utf8'),
    / trixie main\n/,
  );
  t.equal(fs.readFileSync(path.join(dir, 'trixie', 'state', 'status'), 'utf8'), '');
  t.ok(fs.existsSync(path.join(dir, 'trixie', 'cache', 'archives', 'partial')));
  t.equal(listsAge(root), Infinity, 'never updated');
  fs.writeFileSync(path.join(dir, 'trixie', 'state', 'lists', 'x_dists_trixie_InRelease'), '');
  t.ok(listsAge(root) < 60_000, 'fresh lists');
});
