import t from 'tap';
import { kernelParts, parseStanzas } from '../../../harness/vm/deb822.js';

const SID = `Package: linux-image-7.2.13+deb14-cloud-amd64
Source: linux-signed-amd64 (7.2.13+1)
Version: 7.2.13-1
Depends: dracut | initramfs-tools (>= 0.120+deb8u2) | linux-initramfs-tool, linux-base-7.2.13+deb14-cloud-amd64 (= 7.2.13-1), linux-binary-7.2.13+deb14-cloud-amd64 (= 7.2.13-1), linux-modules-7.2.13+deb14-cloud-amd64 (= 7.2.13-1)
Description: Linux 7.2.13 for x86-64 cloud

Package: linux-image-6.1.0-50-cloud-amd64
Version: 6.1.176-1
Depends: kmod, linux-base (>= 4.3~), initramfs-tools (>= 0.120+deb8u2) | linux-initramfs-tool
`;

t.test('stanzas keep names and versions, dependencies without versions', async (t) => {
  const [sid, bw] = parseStanzas(SID);
  t.equal(sid?.Package, 'linux-image-7.2.13+deb14-cloud-amd64');
  t.equal(sid?.Version, '7.2.13-1');
  t.same(bw?.Depends, ['kmod', 'linux-base', 'initramfs-tools', 'linux-initramfs-tool']);
});

t.test("sid's split image pulls its binary, modules and base parts", async (t) => {
  const [sid, bw] = parseStanzas(SID);
  t.same(kernelParts(sid!), [
    'linux-image-7.2.13+deb14-cloud-amd64',
    'linux-base-7.2.13+deb14-cloud-amd64',
    'linux-binary-7.2.13+deb14-cloud-amd64',
    'linux-modules-7.2.13+deb14-cloud-amd64',
  ]);
  t.same(
    kernelParts(bw!),
    ['linux-image-6.1.0-50-cloud-amd64'],
    'linux-base (generic) is not a part',
  );
});
