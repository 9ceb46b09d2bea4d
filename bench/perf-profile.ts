// Where a server's CPU goes per stat call, the kernel included: `perf record`
// on the server process while the C stat loop runs, its samples grouped by
// where they fell (the kernel, the node binary: V8, libuv and node's C++,
// libc, JIT-compiled JavaScript, the C server's own code). V8's profiler
// (profile.ts) sees only the JavaScript side and books a syscall's time,
// sleeping included, to the function that made it; perf counts CPU only.
import { execa } from 'execa';

/** Shares (%) of the sampled CPU by place, and the kernel's top symbols. */
export interface CpuSplit {
  places: Map<string, number>;
  kernelTop: { sym: string; pct: number }[];
}

// a sample's place, by the shared object perf found it in
function placeOf(dso: string): string {
  if (dso.startsWith('[kernel')) return 'kernel';
  if (dso === 'node') return 'node (V8, libuv, node C++)';
  if (dso.startsWith('libc.so') || dso.startsWith('libstdc++')) return 'libc, libstdc++';
  // V8's generated code is the only anonymous executable memory of a node process
  if (dso.startsWith('[JIT]') || dso.startsWith('perf-') || dso === '[unknown]')
    return 'JavaScript (JIT code)';
  if (dso.startsWith('libfuse')) return 'libfuse';
  if (dso.startsWith('ref-server')) return 'C server code';
  return 'other';
}

/**
 * The CpuSplit of `perf report --sort dso,sym` output (lines "  51.03%  node
 * [.] uv_run", percentages of all samples).
 */
export function parsePerfReport(text: string, kernelTop = 5): CpuSplit {
  const places = new Map<string, number>();
  const kernel: { sym: string; pct: number }[] = [];
  for (const line of text.split('\n')) {
    // the shared object may hold spaces ("[JIT] tid 2876")
    const m = /^\s+([\d.]+)%\s+(.+?)\s+\[([.k])\]\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const pct = Number(m[1]);
    const place = placeOf(m[2]!);
    places.set(place, (places.get(place) ?? 0) + pct);
    if (place === 'kernel') kernel.push({ sym: m[4]!, pct });
  }
  kernel.sort((a, b) => b.pct - a.pct);
  return { places, kernelTop: kernel.slice(0, kernelTop) };
}

/** Whether `perf record` works here (installed, and allowed to sample other processes). */
export async function perfUsable(): Promise<boolean> {
  const r = await execa('perf', ['record', '-q', '-o', '/dev/null', '--', 'true'], {
    reject: false,
  });
  return r.exitCode === 0;
}

/** Samples PID's CPU (all threads) while RUN runs; the split, from a data file at DATA. */
export async function perfWhile(
  pid: number,
  data: string,
  run: () => Promise<unknown>,
): Promise<CpuSplit> {
  const rec = execa('perf', ['record', '-q', '-F', '1999', '-p', String(pid), '-o', data], {
    reject: false,
  });
  // perf attaches within a few ms; the stat loop runs for seconds
  await new Promise((r) => setTimeout(r, 300));
  try {
    await run();
  } finally {
    rec.kill('SIGINT');
    await rec;
  }
  const rep = await execa('perf', [
    'report',
    '-i',
    data,
    '--stdio',
    '--no-children',
    '--sort',
    'dso,sym',
    '-g',
    'none',
    '--percent-limit',
    '0.01',
  ]);
  return parsePerfReport(rep.stdout);
}
