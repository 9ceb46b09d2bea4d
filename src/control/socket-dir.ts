// Where control sockets live. Whoever can connect to a control socket drives a
// mount served by root, so the default socket sits in a private directory
// (mode 0700, ours): nobody else can connect to it, pre-create it, or swap it
// for a symlink, as anyone can in a world-writable /tmp.
import { lstat, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** $XDG_RUNTIME_DIR/fusefault when XDG_RUNTIME_DIR is set, else /run/fusefault. */
export function controlDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_RUNTIME_DIR;
  // the XDG base directory spec: a relative path in the variable is invalid, ignore it
  return xdg !== undefined && isAbsolute(xdg) ? join(xdg, 'fusefault') : '/run/fusefault';
}

/**
 * Creates DIR with mode 0700 if it is missing, then checks what is there: a
 * directory (not a symlink), owned by us, mode exactly 0700. UsageError otherwise.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const refuse = (why: string) =>
    new UsageError(`control socket directory ${dir} ${why}; refusing to use it`);
  // mkdir applies the umask, which can only take bits away from 0700; the
  // lstat below checks what we got, and whatever was there before.
  await mkdir(dir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw refuse(`cannot be created (${err.code ?? err.message})`);
  });
  const st = await lstat(dir).catch((err: NodeJS.ErrnoException) => {
    throw refuse(`cannot be examined (${err.code ?? err.message})`);
  });
  const uid = process.getuid?.() ?? 0;
  if (st.isSymbolicLink()) throw refuse('is a symlink');
  if (!st.isDirectory()) throw refuse('is not a directory');
  if (st.uid !== uid) throw refuse(`is owned by uid ${st.uid}, not by us (uid ${uid})`);
  const mode = st.mode & 0o7777;
  if (mode !== 0o700) throw refuse(`has mode 0${mode.toString(8)}, not 0700`);
}

/** Where serve listens, and the private directory it lies in (where a stale socket may be replaced). */
export interface SocketChoice {
  path: string;
  privateDir?: string;
}

/**
 * CONTROL resolved, or PID.sock in the private control directory when it is
 * not given; the directory is created and checked whenever the socket is in it.
 */
export async function chooseSocketPath(
  control: string | undefined,
  { env = process.env, pid = process.pid }: { env?: NodeJS.ProcessEnv; pid?: number } = {},
): Promise<SocketChoice> {
  const dir = controlDir(env);
  const path = resolve(control ?? join(dir, `${pid}.sock`));
  if (dirname(path) !== dir) return { path };
  await ensurePrivateDir(dir);
  return { path, privateDir: dir };
}
