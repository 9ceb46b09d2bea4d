// The node table (nodeid -> Node) and the open-handle table (fh -> Handle),
// with the kernel's inode lifetime rule: a node lives while it has a name, a
// lookup the kernel has not forgotten (FORGET), or an open handle.
import { E, fail } from './errno.js';
import { makeNode, nlinkOf, type Node } from './node.js';
import { ROOT_ID } from './types.js';

/** An open file or directory. */
export interface Handle {
  node: Node;
  flags: number;
  dir: boolean;
}

/** Every live node and open handle of one filesystem. */
export class NodeTable {
  readonly nodes = new Map<bigint, Node>();
  readonly handles = new Map<bigint, Handle>();
  readonly root: Node;
  // ids are never reused, so the generation can stay 0 (FUSE needs nodeid,generation unique)
  private nextIno = ROOT_ID + 1n;
  private nextFh = 1n;

  constructor(rootMode: number, uid: number, gid: number) {
    this.root = makeNode(ROOT_ID, rootMode, uid, gid);
    this.nodes.set(ROOT_ID, this.root);
  }

  /** The node, or ENOENT for an id the kernel should no longer hold. */
  get(nodeid: bigint): Node {
    return this.nodes.get(nodeid) ?? fail(E.ENOENT, `node ${nodeid}`);
  }

  add(mode: number, uid: number, gid: number, rdev = 0): Node {
    const node = makeNode(this.nextIno++, mode, uid, gid, rdev);
    this.nodes.set(node.ino, node);
    return node;
  }

  /** Drops the node once nothing refers to it: unlinked, forgotten and closed. */
  maybeFree(node: Node): void {
    if (node === this.root) return;
    if (nlinkOf(node) === 0 && node.lookups === 0n && node.opens === 0) {
      this.nodes.delete(node.ino);
    }
  }

  open(node: Node, flags: number, dir: boolean): bigint {
    const fh = this.nextFh++;
    this.handles.set(fh, { node, flags, dir });
    node.opens++;
    return fh;
  }

  /** The handle, or EBADF. */
  handle(fh: bigint): Handle {
    return this.handles.get(fh) ?? fail(E.EBADF, `fh ${fh}`);
  }

  close(fh: bigint): void {
    const h = this.handle(fh);
    this.handles.delete(fh);
    h.node.opens--;
    this.maybeFree(h.node);
  }
}
