// Namespace identity: /proc/PID/ns/<type> links read "pid:[4026531836]"; two tasks
// share a namespace exactly when the inode numbers match (ns_get_name in fs/nsfs.c).
import { readLink } from './read.js';

// A namespace link, parsed.
export interface NsId {
  type: string;
  inode: number;
  /** as the kernel printed it */
  text: string;
}

// Parses "pid:[4026531836]"; throws on anything else.
export function parseNsLink(text: string): NsId {
  const m = /^(\w+):\[(\d+)\]$/.exec(text.trim());
  if (!m) throw new Error(`not a namespace link: ${text}`);
  return { type: m[1] as string, inode: Number(m[2]), text: text.trim() };
}

// The namespace of a type ('pid', 'mnt', 'pid_for_children', ...) of PID, or null if gone.
export async function readNs(pid: number, type = 'pid'): Promise<NsId | null> {
  const link = await readLink(`/proc/${pid}/ns/${type}`);
  return link === null ? null : parseNsLink(link);
}
