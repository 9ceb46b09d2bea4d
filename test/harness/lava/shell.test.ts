import t from 'tap';
import { execa } from 'execa';
import { shellLine, shellWord } from '../../../harness/lava/shell.js';

t.test('busybox sh reads each quoted word back unchanged', async (t) => {
  const words = ['plain', 'a b', "it's", '$HOME', '"q"', 'back\\slash', '*', '', 'x\ny'];
  const r = await execa('busybox', ['sh', '-c', `printf '%s\\0' ${shellLine(words)}`]);
  t.same(r.stdout.split('\0').slice(0, -1), words);
  t.equal(shellWord('netflix-flush-on-exit'), 'netflix-flush-on-exit', 'safe words stay bare');
});
