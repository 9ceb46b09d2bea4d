// `mkdir -p` that ends. On Node 20, fs.mkdirSync(dir, { recursive: true })
// (and fs.promises.mkdir) never return for a path below /proc: mkdir(2) says
// ENOENT for /proc/nope although /proc exists (procfs has no mkdir, and
// proc_root_lookup finds no such entry), and Node's MKDirpSync
// (src/node_file.cc) steps back to the parent on ENOENT and forward again on
// the parent's EEXIST, forever, at full CPU.
import fs from 'node:fs';
import path from 'node:path';

/** Creates DIR and its missing parents; a second ENOENT for DIR is final. */
export function makeDir(dir: string): void {
  const abs = path.resolve(dir);
  try {
    fs.mkdirSync(abs);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && fs.statSync(abs).isDirectory()) return;
    if (code !== 'ENOENT' || path.dirname(abs) === abs) throw err;
  }
  makeDir(path.dirname(abs));
  try {
    fs.mkdirSync(abs);
  } catch (err) {
    // made meanwhile by someone else: as good as made here
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(abs).isDirectory())
      throw err;
  }
}
