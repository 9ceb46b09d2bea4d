// `fusefault kernels`: the kernels in the per-user cache (fetched Debian
// kernels) and the build recipes `build:<recipe>` accepts.
import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { cacheDir } from '../../harness/vm/cache.js';
import { loadKbuild } from '../../harness/vm/kbuild.js';

interface Cached {
  release: string;
  bzImage: string;
  packages?: string[];
}

const command: CommandModule = {
  command: 'kernels',
  describe: 'List cached kernels and known build recipes',
  builder: (y) =>
    y
      .example('$0 kernels', 'what `matrix --kernel` can boot without fetching or building')
      .example('$0 matrix --kernel build:6.1', 'boot a listed recipe (built on first use)'),
  handler: async () => {
    const dir = cacheDir('kernels');
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(`cached kernels (${dir}):`);
    const entries = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    let n = 0;
    for (const e of entries) {
      const f = path.join(dir, e, 'kernel.json');
      if (!fs.existsSync(f)) continue;
      const k = JSON.parse(fs.readFileSync(f, 'utf8')) as Cached;
      out(`  ${k.release.padEnd(28)} ${(k.packages ?? [e]).join(' ')}`);
      n++;
    }
    // builds: harness/kbuild caches each as kbuild/<recipe>-<hash>/info.json
    const kbuild = cacheDir('kbuild');
    for (const e of fs.existsSync(kbuild) ? fs.readdirSync(kbuild).sort() : []) {
      const f = path.join(kbuild, e, 'info.json');
      if (!fs.existsSync(f)) continue;
      const b = JSON.parse(fs.readFileSync(f, 'utf8')) as { recipe?: string; release?: string };
      out(`  ${(b.release ?? '?').padEnd(28)} build:${b.recipe ?? e}`);
      n++;
    }
    if (n === 0) out('  (none yet: `fusefault matrix --kernel debian:bookworm` fetches one)');
    const kb = await loadKbuild();
    out('build recipes (build:<recipe>):');
    const recipes = kb?.listRecipes() ?? [];
    if (!kb) out('  (kernel builds are not available in this tree)');
    for (const r of recipes) out(`  ${r}`);
  },
};
export default command;
