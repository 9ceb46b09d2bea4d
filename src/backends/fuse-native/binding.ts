// fuse-native (libfuse2's high-level, path based API) loaded lazily, so the raw
// backend works on a machine without libfuse.so.2, and typed for what we use.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export type Cb = (err: number, ...args: unknown[]) => void;

/** The subset of fuse-native's constructor options we pass. */
export interface FuseOpts {
  allowOther?: boolean;
  defaultPermissions?: boolean;
  fsname?: string;
  subtype?: string;
  /** false: never answer a request by itself (its default answers ETIMEDOUT after 15 s) */
  timeout: false;
  /** -o options appended to fuse-native's own */
  extra?: string[];
}

/** A mounted (or mountable) fuse-native instance. */
export interface FuseInstance {
  mount(cb: (err: Error | null) => void): void;
  unmount(cb: (err: Error | null) => void): void;
  /** the native fuse_thread_t, as fuse-native keeps it */
  _thread: Buffer | null;
  mnt: string;
}

interface Binding {
  fuse_native_unmount(mnt: string, thread: Buffer): void;
}

interface FuseClass {
  new (
    mnt: string,
    ops: object,
    opts: object,
  ): FuseInstance & {
    _fuseOptions(): string;
  };
  unmount(mnt: string, cb: (err: Error | null) => void): void;
}

let loaded: FuseClass | undefined;

/** fuse-native's class; throws (with the loader's reason) if libfuse.so.2 is missing. */
export function fuseClass(): FuseClass {
  loaded ??= createRequire(import.meta.url)('fuse-native') as FuseClass;
  return loaded;
}

/**
 * Lets the process exit after a mount that ended without fuse-native's unmount:
 * its mount handle (a uv_async) keeps the event loop alive until
 * fuse_native_unmount unrefs it, and fuse-native only calls that after a
 * successful `fusermount -u`, which fails once someone else has unmounted.
 */
export function releaseLoop(fuse: FuseInstance): void {
  if (!fuse._thread) return;
  const req = createRequire(createRequire(import.meta.url).resolve('fuse-native'));
  const dir = dirname(req.resolve('./package.json'));
  const binding = (req('node-gyp-build') as (d: string) => Binding)(dir);
  binding.fuse_native_unmount(fuse.mnt, fuse._thread);
}

/** A fuse-native instance whose mount options include `opts.extra`. */
export function createFuse(mnt: string, ops: object, opts: FuseOpts): FuseInstance {
  const Fuse = fuseClass();
  const extra = opts.extra ?? [];
  // fuse-native drops falsy option values (attr_timeout=0 among them) and has no
  // big_writes; its option string is built in _fuseOptions, so extend it there
  class Extended extends Fuse {
    override _fuseOptions(): string {
      const base = super._fuseOptions();
      if (extra.length === 0) return base;
      return base ? `${base},${extra.join(',')}` : `-o${extra.join(',')}`;
    }
  }
  return new Extended(mnt, ops, opts);
}
