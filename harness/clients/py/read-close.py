# read-close: open a file for reading (--direct: O_DIRECT), drop its cached
# pages (POSIX_FADV_DONTNEED, so the read must ask the filesystem; a no-op for
# O_DIRECT), read --size bytes once, close; every step reported. read(2) goes
# through ctypes: os.read retries on EINTR (PEP 475), which would hide an
# interrupted request. The buffer is an anonymous mmap, page-aligned as
# O_DIRECT needs. An open refused with EINVAL under --direct means the
# filesystem does not allow O_DIRECT (fuse_file_open without direct_IO).
import ctypes
import mmap
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import call, emit, errno_name, opts, sigint  # noqa: E402

o = opts()
sigint("catch-sigint" in o)
size = int(o.get("size", "4096"))
flags = os.O_RDONLY | (os.O_DIRECT if "direct" in o else 0)
fd = call("open", "openat", lambda: os.open(o["path"], flags))
if fd is None:
    sys.exit(1)
call("fadvise", "fadvise64", lambda: os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED), show=lambda _: 0)
libc = ctypes.CDLL(None, use_errno=True)
buf = mmap.mmap(-1, max(size, mmap.PAGESIZE))
addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
emit("read", "read", enter=True)
n = libc.read(fd, ctypes.c_void_p(addr), ctypes.c_size_t(size))
if n < 0:
    emit("read", "read", errno=errno_name(ctypes.get_errno()))
else:
    emit("read", "read", result=n)
call("close", "close", lambda: os.close(fd), show=lambda _: 0)
emit("exit", "exit_group", enter=True)
sys.exit(0)
