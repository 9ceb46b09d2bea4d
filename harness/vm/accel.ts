// KVM or TCG. /dev/kvm existing is not enough (on some hosts it is there but
// nested guests hang), so KVM is used only when a tiny probe guest boots to
// its init and powers off with it within a short deadline. The verdict is
// cached per host kernel and qemu binary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir } from './cache.js';
import { writeCpio, type CpioEntry } from './guest/cpio.js';
import { hostBusybox, which } from './guest/host.js';
import { MARK } from './framing.js';
import { makeDir } from './make-dir.js';
import { runGuest } from './guest-run.js';
import { QEMU, qemuArgs, type Accel } from './qemu.js';

const PROBE_MS = 25_000;

// The probe's initramfs: a static busybox and an init that says hello and powers off.
export function probeEntries(busybox: string): CpioEntry[] {
  const init = `#!/bin/busybox sh\n/bin/busybox echo; /bin/busybox echo "${MARK.init} probe"\n/bin/busybox poweroff -f\n`;
  return [
    { type: 'dir', path: 'bin' },
    { type: 'dir', path: 'dev' },
    { type: 'chardev', path: 'dev/console', major: 5, minor: 1 },
    { type: 'file', path: 'bin/busybox', source: busybox, mode: 0o755 },
    { type: 'data', path: 'init', mode: 0o755, data: Buffer.from(init) },
  ];
}

function cacheKey(): string {
  const q = which(QEMU);
  const st = q ? fs.statSync(q) : undefined;
  return `${os.release()} ${q} ${st?.size} ${st?.mtimeMs}`;
}

// Boots the probe with KVM; true when it reached init and powered off.
export async function kvmWorks(bzImage: string): Promise<boolean> {
  try {
    fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK);
  } catch {
    return false;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusefault-kvm-'));
  try {
    const initrd = path.join(dir, 'probe.cpio');
    await writeCpio(initrd, probeEntries(hostBusybox().busybox));
    const resultFile = path.join(dir, 'result');
    const args = qemuArgs({ bzImage, initrd, resultFile, accel: 'kvm', memoryMiB: 256, cpus: 1 });
    const r = await runGuest({
      file: QEMU,
      args,
      resultFile,
      bootTimeoutMs: PROBE_MS,
      timeoutMs: PROBE_MS,
    });
    return r.console.initReached && r.status !== 'boot-failed' && r.status !== 'timeout';
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The accelerator to use: a forced one, the cached verdict, or a fresh probe.
export async function chooseAccel(
  bzImage: string,
  { force, log }: { force?: Accel; log: (msg: string) => void },
): Promise<Accel> {
  if (force) return force;
  const file = path.join(cacheDir('qemu'), 'accel.json');
  const key = cacheKey();
  try {
    const c = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (c.key === key && (c.accel === 'kvm' || c.accel === 'tcg')) return c.accel;
  } catch {
    /* no verdict yet */
  }
  log('accel: probing KVM with a tiny guest');
  const accel: Accel = (await kvmWorks(bzImage)) ? 'kvm' : 'tcg';
  log(`accel: ${accel === 'kvm' ? 'KVM works' : 'KVM unusable here, using TCG'}`);
  makeDir(path.dirname(file));
  fs.writeFileSync(file, JSON.stringify({ key, accel }));
  return accel;
}
