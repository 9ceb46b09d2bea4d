// The device dictionary of a local qemu device for fusefault jobs, rendered
// by lava-server's own device-type templates (qemu.jinja2 < base.jinja2) into
// the device configuration lava-run takes. It replaces the template's qemu
// options block: no NIC (the template's virtio NIC needs the iPXE ROM, which
// Debian's qemu-system-x86 does not install) and TCG with the matrix's CPU,
// since KVM guests hang on the machines this was made on.
import type { Accel } from '../vm/qemu.js';

export interface DeviceInput {
  accel: Accel;
  memoryMiB: number;
  cpus: number;
}

/** The device dictionary (a jinja2 template extending qemu.jinja2). */
export function deviceDictionary(o: DeviceInput): string {
  const accel =
    o.accel === 'kvm' ? ['-accel kvm', '-cpu host'] : ['-accel tcg,thread=multi', '-cpu max'];
  const options = [
    '-nographic',
    '-nic none',
    `-m ${o.memoryMiB}`,
    `-smp ${o.cpus}`,
    ...accel,
    '-no-reboot',
    '-monitor none',
  ];
  return [
    "{% extends 'qemu.jinja2' %}",
    "{% set arch = 'x86_64' %}",
    // the template's own KVM switch (-cpu host -enable-kvm) stays off: the
    // options below say which accelerator
    '{% set no_kvm = True %}',
    '{% block qemu_options %}',
    ...options.map((x) => `          - ${x}`),
    '{% endblock qemu_options %}',
    '',
  ].join('\n');
}
