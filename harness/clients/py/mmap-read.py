# mmap-read: map a file and read it through page faults, one touch per page.
# On FUSE a fault on a page not in the page cache sends READ and waits for it
# inside the fault (filemap_fault), the path of the mmap_lock incident.
import mmap
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import call, emit, opts, sigint  # noqa: E402

o = opts()
sigint("catch-sigint" in o)
fd = call("open", "openat", lambda: os.open(o["path"], os.O_RDONLY))
if fd is None:
    sys.exit(1)
size = call("size", "fstat", lambda: os.fstat(fd).st_size)
length = int(o.get("length", size or 0))
m = call("mmap", "mmap", lambda: mmap.mmap(fd, length, prot=mmap.PROT_READ), show=len)
if m is None:
    sys.exit(1)
emit("fault", "page-fault", enter=True, detail={"pages": (length + mmap.PAGESIZE - 1) // mmap.PAGESIZE})
total = sum(m[i] for i in range(0, length, mmap.PAGESIZE))
emit("fault", "page-fault", result=total)
emit("exit", "exit_group", enter=True)
