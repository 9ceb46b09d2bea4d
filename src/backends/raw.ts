// The raw backend: our own /dev/fuse engine (see src/engine and src/backends/raw).
import type { Backend, ServeOptions } from './types.js';
import { RawBackend } from './raw/backend.js';

export { RawBackend, type EndReason } from './raw/backend.js';

/** A Backend that speaks the FUSE protocol on /dev/fuse itself. */
export function createRawBackend(opts: ServeOptions): Backend & RawBackend {
  return new RawBackend(opts);
}
