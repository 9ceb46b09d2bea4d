// Directory entries with stable readdir cookies: each entry gets a cookie when
// it is inserted and keeps it, so a reader that resumes at a d_off sees every
// entry that stayed, never one twice, and new entries at the end (what POSIX
// asks of readdir across concurrent changes).
import type { Node } from './node.js';

// cookies 1 and 2 are "." and ".."; d_off 0 means "from the start"
const FIRST_COOKIE = 3n;

/** One name in a directory. */
export interface DirSlot {
  node: Node;
  cookie: bigint;
}

/** The entries of one directory, in cookie (insertion) order. */
export class DirEntries {
  private readonly slots = new Map<string, DirSlot>();
  private nextCookie = FIRST_COOKIE;

  get size(): number {
    return this.slots.size;
  }

  get(name: string): Node | undefined {
    return this.slots.get(name)?.node;
  }

  /** Adds or replaces `name`; a replaced name moves to the end with a new cookie. */
  set(name: string, node: Node): void {
    this.slots.delete(name);
    this.slots.set(name, { node, cookie: this.nextCookie++ });
  }

  delete(name: string): boolean {
    return this.slots.delete(name);
  }

  /** Entries whose cookie is greater than `after`, at most `max` of them. */
  *from(after: bigint, max: number): Generator<[string, DirSlot]> {
    let n = 0;
    // Map iteration is insertion order, which is cookie order
    for (const e of this.slots) {
      if (e[1].cookie <= after) continue;
      if (n++ >= max) return;
      yield e;
    }
  }

  names(): IterableIterator<[string, DirSlot]> {
    return this.slots.entries();
  }
}
