import t from 'tap';
import { deviceDictionary } from '../../../harness/lava/device.js';

t.test('the device extends qemu.jinja2 and replaces its options block', async (t) => {
  const d = deviceDictionary({ accel: 'tcg', memoryMiB: 2048, cpus: 2 });
  t.match(d, /^\{% extends 'qemu\.jinja2' %\}\n/);
  t.match(d, /\{% set no_kvm = True %\}/);
  const block =
    /\{% block qemu_options %\}\n([\s\S]*)\{% endblock qemu_options %\}/.exec(d)?.[1] ?? '';
  t.same(
    block
      .trim()
      .split('\n')
      .map((l) => l.trim()),
    [
      '- -nographic',
      '- -nic none',
      '- -m 2048',
      '- -smp 2',
      '- -accel tcg,thread=multi',
      '- -cpu max',
      '- -no-reboot',
      '- -monitor none',
    ],
  );
  t.match(
    deviceDictionary({ accel: 'kvm', memoryMiB: 512, cpus: 1 }),
    /- -accel kvm\n *- -cpu host/,
  );
});
