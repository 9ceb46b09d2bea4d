// What the fault rules match on: the request's path inside the mount. For ops
// that name an entry, the path of that entry (parent's path + name), so
// `unlink@/data/*` matches the file being removed, not its directory.
import type { FileSystem } from '../fs/types.js';
import type { Request } from '../proto/types.js';

/** The entry name a request carries (the old name for renames), if any. */
export function entryName(req: Request): string | undefined {
  switch (req.op) {
    case 'lookup':
    case 'unlink':
    case 'rmdir':
    case 'mkdir':
    case 'mknod':
    case 'symlink':
    case 'create':
    case 'link':
      return req.arg.name;
    case 'rename':
    case 'rename2':
      return req.arg.oldname;
    default:
      return undefined;
  }
}

/** The request's path for rules and the trace; undefined when the node is unknown. */
export function requestPath(fs: FileSystem, req: Request): string | undefined {
  const base = fs.pathOf(req.header.nodeid);
  if (base === undefined) return undefined;
  const name = entryName(req);
  if (name === undefined) return base;
  return base === '/' ? `/${name}` : `${base}/${name}`;
}
