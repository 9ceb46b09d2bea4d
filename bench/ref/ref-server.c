/*
 * The benchmark's reference: a C libfuse3 lowlevel server with the same knobs
 * as fusefault's engines and as little work as a server can do. A root
 * directory and one regular file, FILE_NAME, whose bytes are all zeros: writes
 * only move its size, reads return zeros up to it (no storage). Names are cached
 * for 1 s and attributes never, as both fusefault backends ask, so each stat(2)
 * costs one GETATTR here too.
 *
 * usage: ref-server MOUNTPOINT COUNTS_FILE MAX_WRITE MAX_BACKGROUND CONGESTION_THRESHOLD
 * COUNTS_FILE gets one u64 per counted opcode (COUNTED below), updated as
 * requests come, for the benchmark to read. SIGTERM unmounts and exits.
 * Multi-threaded (fuse_session_loop_mt), as a libfuse server usually runs.
 */
#define FUSE_USE_VERSION 312
#include <fuse_lowlevel.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_NAME "big"
#define FILE_INO 2

/* the order of the counters in COUNTS_FILE; the benchmark reads them by this list */
enum { C_LOOKUP, C_GETATTR, C_SETATTR, C_OPEN, C_READ, C_WRITE, C_FLUSH, C_RELEASE, C_N };

static _Atomic uint64_t *counts;
static _Atomic uint64_t size;
static unsigned max_write, max_background, congestion_threshold;
static char zeros[1 << 20];

static void count(int which) { atomic_fetch_add_explicit(&counts[which], 1, memory_order_relaxed); }

static void fill(fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	st->st_nlink = 1;
	if (ino == FUSE_ROOT_ID) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else {
		st->st_mode = S_IFREG | 0644;
		st->st_size = (off_t)atomic_load(&size);
	}
}

static void ref_init(void *userdata, struct fuse_conn_info *conn)
{
	(void)userdata;
	conn->max_write = max_write;
	conn->max_background = max_background;
	conn->congestion_threshold = congestion_threshold;
}

static void ref_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	count(C_LOOKUP);
	if (parent != FUSE_ROOT_ID || strcmp(name, FILE_NAME) != 0) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	struct fuse_entry_param e = { .ino = FILE_INO, .attr_timeout = 0, .entry_timeout = 1 };
	fill(FILE_INO, &e.attr);
	fuse_reply_entry(req, &e);
}

static void ref_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)fi;
	count(C_GETATTR);
	struct stat st;
	fill(ino, &st);
	fuse_reply_attr(req, &st, 0);
}

static void ref_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
			struct fuse_file_info *fi)
{
	(void)fi;
	count(C_SETATTR);
	if (to_set & FUSE_SET_ATTR_SIZE) atomic_store(&size, (uint64_t)attr->st_size);
	struct stat st;
	fill(ino, &st);
	fuse_reply_attr(req, &st, 0);
}

static void ref_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	count(C_OPEN);
	if (ino != FILE_INO) {
		fuse_reply_err(req, EISDIR);
		return;
	}
	if (fi->flags & O_TRUNC) atomic_store(&size, 0);
	fuse_reply_open(req, fi);
}

static void ref_read(fuse_req_t req, fuse_ino_t ino, size_t n, off_t off, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	count(C_READ);
	uint64_t sz = atomic_load(&size);
	size_t len = (uint64_t)off >= sz ? 0 : (size_t)(sz - (uint64_t)off);
	if (len > n) len = n;
	if (len > sizeof(zeros)) len = sizeof(zeros);
	fuse_reply_buf(req, zeros, len);
}

static void ref_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t n, off_t off,
		      struct fuse_file_info *fi)
{
	(void)ino;
	(void)buf;
	(void)fi;
	count(C_WRITE);
	uint64_t end = (uint64_t)off + n, cur = atomic_load(&size);
	while (end > cur && !atomic_compare_exchange_weak(&size, &cur, end))
		;
	fuse_reply_write(req, n);
}

static void ref_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	count(C_FLUSH);
	fuse_reply_err(req, 0);
}

static void ref_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	count(C_RELEASE);
	fuse_reply_err(req, 0);
}

static const struct fuse_lowlevel_ops ops = {
	.init = ref_init,
	.lookup = ref_lookup,
	.getattr = ref_getattr,
	.setattr = ref_setattr,
	.open = ref_open,
	.read = ref_read,
	.write = ref_write,
	.flush = ref_flush,
	.release = ref_release,
};

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: %s MOUNTPOINT COUNTS_FILE MAX_WRITE MAX_BACKGROUND CONGESTION_THRESHOLD\n", argv[0]);
		return 2;
	}
	max_write = (unsigned)atoi(argv[3]);
	max_background = (unsigned)atoi(argv[4]);
	congestion_threshold = (unsigned)atoi(argv[5]);
	int cfd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (cfd < 0 || ftruncate(cfd, C_N * sizeof(uint64_t)) < 0) {
		perror(argv[2]);
		return 1;
	}
	counts = mmap(NULL, C_N * sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
	if (counts == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	/* the same mount options as fusefault's mounts: the kernel checks permissions */
	char *fargv[] = { argv[0], "-o", "default_permissions,fsname=fusefault-ref,subtype=fusefault-ref", NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, fargv);
	struct fuse_session *se = fuse_session_new(&args, &ops, sizeof(ops), NULL);
	if (!se) return 1;
	int rc = 1;
	if (fuse_set_signal_handlers(se) == 0) {
		/* as root, fuse_kern_mount -> fuse_mount_sys calls mount(2) itself: no fusermount3 */
		if (fuse_session_mount(se, argv[1]) == 0) {
			printf("ready pid=%d\n", (int)getpid());
			fflush(stdout);
			struct fuse_loop_config *cfg = fuse_loop_cfg_create();
			rc = fuse_session_loop_mt(se, cfg) ? 1 : 0;
			fuse_loop_cfg_destroy(cfg);
			fuse_session_unmount(se);
		}
		fuse_remove_signal_handlers(se);
	}
	fuse_session_destroy(se);
	return rc;
}
