import t from 'tap';
import { toYaml, type YamlValue } from '../../../harness/lava/yaml.js';
import { pyYamlLoad } from './lava-schema.js';

t.test('PyYAML reads back exactly what was written', async (t) => {
  const data: YamlValue = {
    device_type: 'qemu',
    'key with space': 'x',
    numbers: [1, 2.5, -3],
    flags: { yes: true, no: false, On: 'off', nothing: null },
    // strings YAML would otherwise turn into other types or break on
    tricky: [
      'yes',
      'no',
      'null',
      '1.0',
      '~',
      '- a',
      'a: b',
      '#c',
      "it's",
      'q"q',
      'multi\nline',
      '{x}',
      '',
    ],
    nested: [{ a: 1, b: [{ c: 'd' }, []] }, [1, [2]], {}],
    empty: {},
    list: [],
  };
  t.same(await pyYamlLoad(toYaml(data)), data);
});

t.test('a number YAML has no spelling for is refused', async (t) => {
  t.throws(() => toYaml({ x: NaN }), /not a YAML number/);
});
