# write-close: what cp does: open, write, then close() and report close()'s
# result or errno. On FUSE, close() -> filp_close -> fuse_flush sends FLUSH and
# waits for it; os.close is not retried on EINTR (PEP 475), so an interrupted
# FLUSH shows up as errno EINTR here. (Node's closeSync cannot be used: libuv
# turns EINTR from close into success.) --fsync: fsync(2) before close,
# reported as its own step.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import call, emit, opts, sigint  # noqa: E402

o = opts()
sigint("catch-sigint" in o)
data = o.get("data", "x" * int(o.get("size", "4096"))).encode()
fd = call("open", "openat", lambda: os.open(o["path"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
if fd is None:
    sys.exit(1)
call("write", "write", lambda: os.write(fd, data))
if "fsync" in o:
    call("fsync", "fsync", lambda: os.fsync(fd), show=lambda _: 0)
r = call("close", "close", lambda: os.close(fd), show=lambda _: 0)
emit("exit", "exit_group", enter=True)
sys.exit(0)
