// The benchmark's C programs (bench/ref/*.c), built at bench time against the
// installed libfuse3 (Debian: libfuse3-dev, pkg-config, gcc) into a cache
// directory, once per version of their source.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** bench/ref in the source tree, from dist/bench/ref-build.js */
const SRC = fileURLToPath(new URL('../../bench/ref/', import.meta.url));
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'fusefault', 'bench');

/** Paths of the built programs. */
export interface RefPrograms {
  /** the C libfuse3 lowlevel server (ref-server.c) */
  server: string;
  /** the stat(2) loop client (stat-loop.c) */
  statLoop: string;
}

async function build(name: string, libs: string[]): Promise<string> {
  const src = join(SRC, `${name}.c`);
  const hash = createHash('sha256').update(readFileSync(src)).update(libs.join(' '));
  const out = join(CACHE, `${name}-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(out)) return out;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${out}.${process.pid}`;
  await execa('cc', ['-O2', '-Wall', '-o', tmp, src, ...libs]);
  await execa('mv', [tmp, out]);
  return out;
}

/** Builds (or finds already built) the C server and the stat client. */
export async function buildRefPrograms(): Promise<RefPrograms> {
  let fuse3: string[];
  try {
    const r = await execa('pkg-config', ['--cflags', '--libs', 'fuse3']);
    fuse3 = r.stdout.trim().split(/\s+/);
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    throw new Error(`the C reference server needs libfuse3-dev and pkg-config: ${why}`);
  }
  return { server: await build('ref-server', fuse3), statLoop: await build('stat-loop', []) };
}
