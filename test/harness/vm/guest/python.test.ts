import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importedModules, pycOf } from '../../../../harness/vm/guest/python.js';

t.test('modules the client scripts import, without their own helpers', async (t) => {
  t.same(
    importedModules({
      'stat-loop.py':
        'import os\nimport sys\nfrom common import call, emit  # noqa\nimport ctypes\n',
      'common.py': 'import json\nimport signal\n    import threading\n# import nothing\n',
    }),
    ['ctypes', 'json', 'os', 'signal', 'sys', 'threading'],
  );
});

t.test('the compiled .pyc beside a module', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-py-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'os.py'), '');
  fs.writeFileSync(path.join(dir, 'abc.py'), '');
  fs.mkdirSync(path.join(dir, '__pycache__'));
  fs.writeFileSync(path.join(dir, '__pycache__', 'os.cpython-311.pyc'), '');
  t.equal(
    pycOf(path.join(dir, 'os.py'), 'cpython-311'),
    path.join(dir, '__pycache__', 'os.cpython-311.pyc'),
  );
  t.equal(pycOf(path.join(dir, 'abc.py'), 'cpython-311'), undefined, 'none compiled');
  t.equal(pycOf(path.join(dir, 'x.so'), 'cpython-311'), undefined, 'extension modules have none');
});
