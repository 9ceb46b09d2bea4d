// Every character that could end an element, an attribute or an entity is escaped.
import t from 'tap';
import { esc } from '../../../harness/report/esc.js';

t.test('esc', async (t) => {
  t.equal(esc(`<b a="1">&'`), '&#60;b a=&#34;1&#34;&#62;&#38;&#39;');
  t.equal(esc('plain'), 'plain');
});
