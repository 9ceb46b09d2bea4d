# mmap-peek: one pread of a /proc file of another process, as top and ps do
# (/proc/PID/cmdline: proc_pid_cmdline_read -> access_remote_vm takes the
# target's mmap_lock for read) or as a debugger does (/proc/PID/mem at an
# address: mem_rw -> access_remote_vm, whose page faults cannot drop the lock).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import call, emit, opts  # noqa: E402

o = opts()
fd = call("open", "openat", lambda: os.open(o["path"], os.O_RDONLY))
if fd is None:
    sys.exit(1)
n = int(o.get("length", "4096"))
r = call("read", "pread64", lambda: os.pread(fd, n, int(o.get("offset", "0"))), show=len)
emit("exit", "exit_group", enter=True)
sys.exit(0 if r is not None else 1)
