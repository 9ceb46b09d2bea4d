import t from 'tap';
import { UsageError } from '../../../src/errors.js';
import { parseKernelSpec } from '../../../harness/vm/spec.js';

t.test('debian suites, versions and packages', async (t) => {
  t.same(parseKernelSpec('debian:bookworm').source, { kind: 'debian', suite: 'bookworm' });
  t.same(parseKernelSpec('debian:sid').source, { kind: 'debian', suite: 'sid' });
  t.same(parseKernelSpec('debian:6.1.176-1').source, { kind: 'debian', version: '6.1.176-1' });
  t.same(parseKernelSpec('debian:linux-image-6.12.107+deb13-cloud-amd64').source, {
    kind: 'debian',
    package: 'linux-image-6.12.107+deb13-cloud-amd64',
  });
});

t.test("a '+' inside a Debian version is not a sysctl", async (t) => {
  const s = parseKernelSpec('debian:7.2.13+deb14-1');
  t.same(s.source, { kind: 'debian', version: '7.2.13+deb14-1' });
  t.same(s.sysctls, {});
});

t.test('sysctl suffixes', async (t) => {
  const s = parseKernelSpec('debian:sid+fs.fuse.default_request_timeout=10+kernel.panic_on_oops=1');
  t.same(s.source, { kind: 'debian', suite: 'sid' });
  t.same(s.sysctls, { 'fs.fuse.default_request_timeout': '10', 'kernel.panic_on_oops': '1' });
  t.equal(s.text, 'debian:sid+fs.fuse.default_request_timeout=10+kernel.panic_on_oops=1');
  const v = parseKernelSpec('debian:6.12.107+deb13+fs.fuse.max_request_timeout=5');
  t.same(v.source, { kind: 'debian', version: '6.12.107+deb13' });
  t.same(v.sysctls, { 'fs.fuse.max_request_timeout': '5' });
});

t.test('file: with and without a modules directory', async (t) => {
  t.same(parseKernelSpec('file:/k/bzImage').source, { kind: 'file', bzImage: '/k/bzImage' });
  t.same(parseKernelSpec('file:arch/x86/boot/bzImage:/k/lib/modules/6.1.0').source, {
    kind: 'file',
    bzImage: 'arch/x86/boot/bzImage',
    modulesDir: '/k/lib/modules/6.1.0',
  });
});

t.test('build: recipes', async (t) => {
  t.same(parseKernelSpec('build:6.1').source, { kind: 'build', recipe: '6.1' });
  t.same(parseKernelSpec('build:6.1-flush-nowait').source, {
    kind: 'build',
    recipe: '6.1-flush-nowait',
  });
});

t.test('malformed specs are usage errors', async (t) => {
  for (const bad of [
    'bookworm',
    'debian:',
    'debian:Bookworm',
    'file:',
    'file:/a:/b:/c',
    'file:/a:',
    'build:',
    'build:../x',
    'qemu:6.1',
    'debian:sid+notasysctl',
  ]) {
    t.throws(() => parseKernelSpec(bad), UsageError, bad);
  }
});

t.test('a spec echoed in an error stays on one line', async (t) => {
  t.throws(() => parseKernelSpec('debian:sid\n'), {
    name: 'UsageError',
    message: /^kernel spec 'debian:sid\\n': expected debian:/,
  });
  t.throws(() => parseKernelSpec('debian:sid+a.b=\u001b[2J'), {
    message: /^kernel spec 'debian:sid\+a\.b=\\x1b\[2J': expected debian:/,
  });
});
