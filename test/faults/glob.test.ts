import t from 'tap';
import { compileGlob, globMatch } from '../../src/faults/glob.js';

function m(glob: string, path: string): boolean {
  return globMatch(compileGlob(glob), path);
}

t.test('* and ? stay within one path component', async (t) => {
  t.ok(m('/data/*', '/data/x'));
  t.ok(m('/data/*', '/data/'));
  t.notOk(m('/data/*', '/data/x/y'));
  t.notOk(m('/data/*', '/data'));
  t.notOk(m('/data/*', '/other/x'));
  t.ok(m('/f?.txt', '/f1.txt'));
  t.notOk(m('/f?.txt', '/f12.txt'));
  t.notOk(m('/a?b', '/a/b'));
  t.ok(m('/*.log', '/x.log'));
  t.notOk(m('/*.log', '/d/x.log'));
});

t.test('** crosses components; /**/ also matches one slash', async (t) => {
  t.ok(m('/data/**', '/data/x/y/z'));
  t.ok(m('/**', '/anything/at/all'));
  t.ok(m('/a/**/b', '/a/b'));
  t.ok(m('/a/**/b', '/a/x/y/b'));
  t.notOk(m('/a/**/b', '/a/xb'));
  t.ok(m('/**/*.c', '/src/deep/x.c'));
  t.ok(m('/**/*.c', '/x.c'));
});

t.test('literal characters are literal', async (t) => {
  t.ok(m('/a.b', '/a.b'));
  t.notOk(m('/a.b', '/axb'));
  t.ok(m('/(x)+[y]', '/(x)+[y]'));
  t.notOk(m('/x', '/x/'));
  t.ok(m('/new\nline', '/new\nline'));
});

t.test('literal ends are kept for a cheap first check', async (t) => {
  t.equal(compileGlob('/data/*/x').prefix, '/data/');
  t.equal(compileGlob('/data/*/x').suffix, '/x');
  t.equal(compileGlob('/a/**/b').prefix, '/a');
  t.equal(compileGlob('/a/**/b').suffix, '/b');
  t.equal(compileGlob('/**/*.c').suffix, '.c');
  t.equal(compileGlob('/**').prefix, '/');
  t.equal(compileGlob('/**').suffix, '');
  t.equal(compileGlob('/exact/path').re, undefined, 'no wildcard: a string compare');
  t.ok(m('/exact/path', '/exact/path'));
  t.notOk(m('/exact/path', '/exact/path2'));
  t.notOk(m('/ab*ba', '/aba'), 'overlapping ends still go through the RegExp');
  t.ok(m('/ab*ba', '/abba'));
  t.throws(() => compileGlob('data'), /must start with '\/'/);
});
