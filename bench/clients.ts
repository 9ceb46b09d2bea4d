// The measured clients, each a separate process so the server's event loop
// never runs client code: a C stat loop and dd for sequential I/O.
import { execa } from 'execa';

/**
 * stat(2) calls per second on PATH over SECS seconds, by STATLOOP
 * (bench/ref/stat-loop.c); STARTED is told the loop's pid.
 */
export async function statRate(
  statLoop: string,
  path: string,
  secs: number,
  started?: (pid: number) => void,
): Promise<{ calls: number; secs: number; rate: number }> {
  const child = execa(statLoop, [path, String(secs)]);
  if (child.pid !== undefined) started?.(child.pid);
  const r = await child;
  const [n = 0, s = 1] = r.stdout.trim().split(' ').map(Number);
  return { calls: n, secs: s, rate: n / s };
}

// dd's summary line: "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 2.5 s, 429 MB/s"
function ddSeconds(stderr: string): number {
  const m = /copied, ([\d.]+) s/.exec(stderr);
  if (!m) throw new Error(`cannot read dd's summary: ${stderr.trim()}`);
  return Number(m[1]);
}

/**
 * Writes MIB MiB of zeros to PATH in BLOCKKIB KiB writes (1 MiB unless told),
 * truncating it first unless OVERWRITE; MB/s (10^6 bytes). conv=fsync
 * makes dd wait for the data to reach the server even with a write-back cache
 * (neither backend enables one: FUSE writes are then synchronous anyway).
 */
export async function ddWrite(
  path: string,
  mib: number,
  { overwrite = false, blockKiB = 1024 }: { overwrite?: boolean; blockKiB?: number } = {},
): Promise<number> {
  // notrunc: the file keeps its bytes and they are written over in place
  const conv = overwrite ? 'conv=notrunc,fsync' : 'conv=fsync';
  const count = (mib * 1024) / blockKiB;
  const r = await execa('dd', [
    'if=/dev/zero',
    `of=${path}`,
    `bs=${blockKiB}k`,
    `count=${count}`,
    conv,
  ]);
  return (mib * 1048576) / ddSeconds(r.stderr) / 1e6;
}

/**
 * Reads PATH in 1 MiB reads; MB/s. The page cache cannot serve it: FUSE drops
 * a file's cached pages at every open unless the server sets FOPEN_KEEP_CACHE
 * (fuse_finish_open -> invalidate_inode_pages2), which neither backend does;
 * the server's read counts before and after prove it.
 */
export async function ddRead(path: string): Promise<number> {
  const r = await execa('dd', [`if=${path}`, 'of=/dev/null', 'bs=1M']);
  const m = /^(\d+) bytes/m.exec(r.stderr);
  return Number(m?.[1] ?? 0) / ddSeconds(r.stderr) / 1e6;
}
