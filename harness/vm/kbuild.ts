// The bridge to kernel builds (harness/kbuild, item 5 of the matrix issue),
// loaded lazily so the VM runner works, and says so, before builds exist.

export interface BuiltKernel {
  bzImage: string;
  modulesDir?: string;
  release: string;
}

interface KbuildModule {
  buildKernel(recipe: string, opts: { log: (msg: string) => void }): Promise<BuiltKernel>;
  listRecipes(): string[];
}

// A path held in a variable: tsc must not resolve it at compile time.
const MODULE = '../kbuild/build.js';

// The build module, or undefined when it is not there (yet).
export async function loadKbuild(): Promise<KbuildModule | undefined> {
  try {
    return (await import(MODULE)) as KbuildModule;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}
