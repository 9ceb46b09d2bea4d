import t from 'tap';
import { lavaCmdline, lavaJob, type JobInput } from '../../../harness/lava/job.js';
import { GUEST_RESULT, testSteps } from '../../../harness/lava/testdef.js';
import { toYaml } from '../../../harness/lava/yaml.js';
import { validateJobs, type JobDoc } from './lava-schema.js';

const base: JobInput = {
  kernel: 'debian:bookworm',
  release: '6.1.0-57-cloud-amd64',
  kernelUrl: 'file:///jobs/artifacts/debian_bookworm/vmlinuz',
  ramdiskUrl: 'file:///jobs/artifacts/debian_bookworm/guest.cpio',
  cases: ['netflix-flush-on-exit'],
  timeoutScale: 2,
  budgetMinutes: 11,
};
const variants: JobInput[] = [
  base,
  { ...base, cases: ['netflix-flush-on-exit', 'request-timeout-breaks-deadlock'] },
  {
    ...base,
    kernel: 'debian:sid+fs.fuse.default_request_timeout=10',
    release: '7.2.13-cloud-amd64',
    sysctls: { 'fs.fuse.default_request_timeout': '10' },
    kernelUrl: 'https://lava.example/fusefault/artifacts/debian_sid/vmlinuz',
    ramdiskUrl: 'https://lava.example/fusefault/artifacts/debian_sid/guest.cpio',
  },
  { ...base, kernel: 'build:6.1-flush-nowait', release: '6.1.192', cases: [], budgetMinutes: 40 },
  { ...base, kernel: "file:/k/it's bzImage", release: '6.18.0', timeoutScale: 1.5 },
];

t.test("LAVA's schema accepts the job for every kind of kernel and case list", async (t) => {
  const checked = await validateJobs(variants.map((v) => toYaml(lavaJob(v))));
  t.equal(checked.length, variants.length);
  checked.forEach((c, i) => t.ok(c.ok, `${variants[i]!.kernel}: ${c.error ?? 'valid'}`));
});

t.test('the validator refuses a broken job (it is not a rubber stamp)', async (t) => {
  const job = lavaJob(base);
  const broken = { ...job, actions: [{ deploy: { to: 'tmpfs' } }], device_type: undefined };
  delete broken.device_type;
  const [c] = await validateJobs([toYaml(broken as never)]);
  t.equal(c?.ok, false);
});

t.test('the job carries the kernel, the guest command line and the run as written', async (t) => {
  const [c] = await validateJobs([
    toYaml(lavaJob({ ...base, sysctls: { 'fs.fuse.default_request_timeout': '10' } })),
  ]);
  const doc = c!.doc as JobDoc;
  const deploy = doc.actions[0].deploy;
  t.equal(deploy.images.ramdisk.format, 'cpio.newc');
  t.same(deploy.images.ramdisk.overlays, { lava: true }, "LAVA's overlay goes into the cpio");
  t.match(
    deploy.images.kernel.image_arg,
    /^-kernel \{kernel\} -append "[^"]*fusefault\.lava[^"]*"$/,
  );
  t.match(deploy.images.kernel.image_arg, /fusefault\.sysctl=fs\.fuse\.default_request_timeout=10/);
  t.same(doc.actions[1].boot.prompts, ['fusefault-lava# ']);
  t.same(doc.actions[2].test.definitions[0]?.repository.run.steps, testSteps(base.cases, 2));
  t.equal(doc.metadata['fusefault.kernel'], 'debian:bookworm');
  t.equal(doc.context.arch, 'x86_64');
});

t.test('the steps survive a failing run (set -e) and report what was asked', async (t) => {
  const steps = testSteps(['netflix-flush-on-exit'], 2);
  t.match(
    steps[2],
    /^node dist\/cli\/main\.js run netflix-flush-on-exit --timeout-scale 2 --json \S+ \|\| echo/,
  );
  t.equal(steps[3], `node dist/harness/lava/guest-report.js ${GUEST_RESULT} netflix-flush-on-exit`);
  t.match(lavaCmdline({ timeoutScale: 2 }), /quiet.* loglevel=3 /, 'loglevel=3 after quiet');
});
