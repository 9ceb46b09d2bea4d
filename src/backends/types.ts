// A backend mounts the filesystem and serves it under the fault rules:
// 'raw' speaks /dev/fuse itself, 'fuse-native' goes through libfuse2.
import type { ControlTarget } from '../control/types.js';
import type { FaultSet } from '../faults/rules.js';
import type { FileSystem } from '../fs/types.js';
import type { MountAccess } from '../mount/options.js';
import type { Trace } from '../trace/trace.js';

export interface ServeOptions extends MountAccess {
  mountpoint: string;
  fs: FileSystem;
  faults: FaultSet;
  trace: Trace;
  /** ask the kernel for a request timeout (seconds) in the INIT reply, when it offers FUSE_REQUEST_TIMEOUT */
  requestTimeout?: number;
}

export interface Backend extends ControlTarget {
  /** the connection id: the mount's minor device number, as in /sys/fs/fuse/connections/N */
  readonly conn: number;
  /** mount and start serving; rejects (with nothing left mounted) when the mount fails */
  start(): Promise<void>;
  /** answer every held request, unmount, and stop serving */
  close(reason: string): Promise<void>;
  /** settles when serving ended for any reason (unmounted, aborted, closed) */
  readonly done: Promise<void>;
}
