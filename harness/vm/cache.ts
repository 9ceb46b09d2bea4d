// Where fusefault keeps what it downloads and builds for VMs: per user, under
// $XDG_CACHE_HOME/fusefault (default ~/.cache/fusefault), never in the repo.
import os from 'node:os';
import path from 'node:path';

// The per-user cache root; `env` is injectable for tests.
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME ?? os.homedir(), '.cache');
  return path.join(base, 'fusefault');
}

// A named area of the cache: 'apt', 'kernels', 'images', 'qemu'.
export function cacheDir(area: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), area);
}
