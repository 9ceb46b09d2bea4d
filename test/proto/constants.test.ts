// The constants and struct sizes of src/proto, checked against the real
// <linux/fuse.h> by compiling a tiny C program with `cc` that prints the
// header's values, sizeof() and offsetof(). Without a C compiler this fails.
// Names the installed header does not have yet (it stops at its own minor)
// must be in NEWER, so nothing goes unchecked by accident.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { dir } from 'tmp-promise';
import * as K from '../../src/proto/constants.js';

const HEADERS = ['/usr/include/linux/fuse.h', '/usr/include/linux/fs.h'];

// Added after 7.38, or the codec's own names (not in any header).
const NEWER = new Set([
  'FUSE_STATX', // 7.39
  'FUSE_COPY_FILE_RANGE_64', // 7.45
  'FUSE_CREATE_SUPP_GROUP', // 7.38 late addition, absent from Linux 6.1's header
  'FUSE_DIRECT_IO_ALLOW_MMAP', // 7.39
  'FUSE_PASSTHROUGH', // 7.40
  'FUSE_NO_EXPORT_SUPPORT', // 7.40
  'FUSE_HAS_RESEND', // 7.40
  'FUSE_ALLOW_IDMAP', // 7.41
  'FUSE_OVER_IO_URING', // 7.42
  'FUSE_REQUEST_TIMEOUT', // 7.43
  'FOPEN_PASSTHROUGH', // 7.40
  'FUSE_STATX_IN_SIZE', // 7.39
  'FUSE_INT_REQ_BIT', // kernel-internal (fs/fuse/fuse_i.h)
]);

const hasStatxIn = (h: string) => /struct fuse_statx_in\s*\{/.test(h);

// Size and offset constants: the C expression each must equal.
function layoutExprs(header: string): Record<string, string> {
  const s = (n: string) => `sizeof(struct ${n})`;
  // request_timeout (7.43) follows u32 flags2 and u32 max_stack_depth (7.40);
  // an older header can only vouch for where flags2 is.
  const timeout = /request_timeout;/.test(header)
    ? 'offsetof(struct fuse_init_out, request_timeout)'
    : /max_stack_depth;/.test(header)
      ? 'offsetof(struct fuse_init_out, max_stack_depth) + 4'
      : 'offsetof(struct fuse_init_out, flags2) + 8';
  return {
    FUSE_IN_HEADER_SIZE: s('fuse_in_header'),
    FUSE_OUT_HEADER_SIZE: s('fuse_out_header'),
    FUSE_ATTR_SIZE: s('fuse_attr'),
    FUSE_KSTATFS_SIZE: s('fuse_kstatfs'),
    FUSE_FILE_LOCK_SIZE: s('fuse_file_lock'),
    FUSE_ENTRY_OUT_SIZE: s('fuse_entry_out'),
    FUSE_ATTR_OUT_SIZE: s('fuse_attr_out'),
    FUSE_FORGET_IN_SIZE: s('fuse_forget_in'),
    FUSE_FORGET_ONE_SIZE: s('fuse_forget_one'),
    FUSE_BATCH_FORGET_IN_SIZE: s('fuse_batch_forget_in'),
    FUSE_GETATTR_IN_SIZE: s('fuse_getattr_in'),
    FUSE_SETATTR_IN_SIZE: s('fuse_setattr_in'),
    FUSE_MKNOD_IN_SIZE: s('fuse_mknod_in'),
    FUSE_MKDIR_IN_SIZE: s('fuse_mkdir_in'),
    FUSE_RENAME_IN_SIZE: s('fuse_rename_in'),
    FUSE_RENAME2_IN_SIZE: s('fuse_rename2_in'),
    FUSE_LINK_IN_SIZE: s('fuse_link_in'),
    FUSE_OPEN_IN_SIZE: s('fuse_open_in'),
    FUSE_CREATE_IN_SIZE: s('fuse_create_in'),
    FUSE_OPEN_OUT_SIZE: s('fuse_open_out'),
    FUSE_RELEASE_IN_SIZE: s('fuse_release_in'),
    FUSE_FLUSH_IN_SIZE: s('fuse_flush_in'),
    FUSE_READ_IN_SIZE: s('fuse_read_in'),
    FUSE_WRITE_IN_SIZE: s('fuse_write_in'),
    FUSE_WRITE_OUT_SIZE: s('fuse_write_out'),
    FUSE_STATFS_OUT_SIZE: s('fuse_statfs_out'),
    FUSE_FSYNC_IN_SIZE: s('fuse_fsync_in'),
    FUSE_SETXATTR_IN_SIZE: s('fuse_setxattr_in'),
    FUSE_GETXATTR_IN_SIZE: s('fuse_getxattr_in'),
    FUSE_GETXATTR_OUT_SIZE: s('fuse_getxattr_out'),
    FUSE_LK_IN_SIZE: s('fuse_lk_in'),
    FUSE_ACCESS_IN_SIZE: s('fuse_access_in'),
    FUSE_INIT_IN_SIZE: s('fuse_init_in'),
    FUSE_INIT_OUT_SIZE: s('fuse_init_out'),
    FUSE_INTERRUPT_IN_SIZE: s('fuse_interrupt_in'),
    FUSE_FALLOCATE_IN_SIZE: s('fuse_fallocate_in'),
    FUSE_LSEEK_IN_SIZE: s('fuse_lseek_in'),
    FUSE_LSEEK_OUT_SIZE: s('fuse_lseek_out'),
    FUSE_COPY_FILE_RANGE_IN_SIZE: s('fuse_copy_file_range_in'),
    ...(hasStatxIn(header) ? { FUSE_STATX_IN_SIZE: s('fuse_statx_in') } : {}),
    FUSE_COMPAT_INIT_IN_SIZE: 'offsetof(struct fuse_init_in, flags2)',
    FUSE_COMPAT_READ_IN_SIZE: 'offsetof(struct fuse_read_in, lock_owner)',
    FUSE_COMPAT_CREATE_IN_SIZE: 'offsetof(struct fuse_create_in, umask)',
    FUSE_INIT_OUT_REQUEST_TIMEOUT_OFFSET: timeout,
  };
}

t.test('constants and struct sizes match <linux/fuse.h>', async (t) => {
  const text = (await Promise.all(HEADERS.map((h) => readFile(h, 'utf8')))).join('\n');
  const exprs = layoutExprs(text);
  const checks: [string, string][] = Object.entries(exprs);
  const unchecked: string[] = [];
  for (const [name, value] of Object.entries(K)) {
    if (typeof value !== 'number' && typeof value !== 'bigint') continue;
    if (name in exprs || name === 'FUSE_KERNEL_MINOR_VERSION') continue;
    // 32-bit flags are ints in C ((1 << 31) is negative): compare them as u32
    const expr = BigInt(value) < 1n << 32n ? `(unsigned int)(${name})` : `(${name})`;
    if (new RegExp(`\\b${name}\\b`).test(text)) checks.push([name, expr]);
    else unchecked.push(name);
  }
  const tmp = await dir({ unsafeCleanup: true });
  t.teardown(() => tmp.cleanup());
  const src = path.join(tmp.path, 'sizes.c');
  const prog = [
    '#include <stdio.h>',
    '#include <stddef.h>',
    '#include <linux/fuse.h>',
    '#include <linux/fs.h>',
    'int main(void) {',
    ...checks.map(
      ([name, expr]) => `  printf("%s %llu\\n", "${name}", (unsigned long long)(${expr}));`,
    ),
    '  return 0;',
    '}',
  ].join('\n');
  await writeFile(src, prog);
  await execa('cc', ['-o', path.join(tmp.path, 'sizes'), src]);
  const { stdout } = await execa(path.join(tmp.path, 'sizes'));
  const fromC = new Map(stdout.split('\n').map((l) => l.split(' ') as [string, string]));
  t.equal(fromC.size, checks.length, 'the program printed every value');
  for (const [name] of checks) {
    const ours = K[name as keyof typeof K];
    t.equal(BigInt(ours as number | bigint), BigInt(fromC.get(name) ?? -1), name);
  }
  t.ok(checks.length > 150, `${checks.length} values compared`);
  t.strictSame(
    unchecked.filter((n) => !NEWER.has(n)),
    [],
    'every constant missing from the installed header is a known newer one',
  );
});
