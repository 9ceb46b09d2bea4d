// Who a FUSE mount lets in, as mount options, the same for both backends.
// Without allow_other only the mount's owner (user_id/group_id) may use it
// (fuse_allow_current_process: every other task gets EACCES, root included).
// default_permissions makes the kernel check modes and ownership itself
// (fuse_permission -> generic_permission, setattr_prepare); without it every
// check but execve's exec bits is the server's. nosuid and nodev hold either
// way: a setuid file or a device node on the mount grants nothing.

/** Who may use a mount, and who checks permissions on it. */
export interface MountAccess {
  /** other users may use the mount (allow_other); default: only its owner */
  allowOther?: boolean;
  /** the server checks every access itself (no default_permissions) */
  serverPermissions?: boolean;
}

/** Mount flags (MS_NOSUID, MS_NODEV) every mount of ours carries. */
export const MOUNT_FLAGS = ['nosuid', 'nodev'] as const;

/** The fuse filesystem options for ACCESS, owned by UID/GID (fuse_parse_param). */
export function fuseOptions(access: MountAccess, uid: number, gid: number): string[] {
  const opts = [`user_id=${uid}`, `group_id=${gid}`];
  if (!access.serverPermissions) opts.push('default_permissions');
  if (access.allowOther) opts.push('allow_other');
  return opts;
}
