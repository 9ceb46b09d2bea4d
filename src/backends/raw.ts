// The raw backend: our own /dev/fuse engine (see src/engine and src/backends/raw).
import type { Backend } from './types.js';
import { RawBackend, type RawServeOptions } from './raw/backend.js';

export { RawBackend, type EndReason, type RawServeOptions } from './raw/backend.js';

/** A Backend that speaks the FUSE protocol on /dev/fuse itself. */
export function createRawBackend(opts: RawServeOptions): Backend & RawBackend {
  return new RawBackend(opts);
}
