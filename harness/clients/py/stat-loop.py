# stat-loop: stat a path over and over, reporting each call (a FUSE lookup,
# getattr or statx unless the attributes are cached). --count 0 loops until
# killed; the loop stops at the first error unless --keep-going. stat(2) is
# called through ctypes: os.stat retries on EINTR (PEP 475), which would hide
# an interrupted request. A Python client, not Node: Node always catches
# SIGINT (SigCgt), so only here can SIGINT keep its default action.
import ctypes
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import emit, errno_name, opts, sigint  # noqa: E402

o = opts()
sigint("catch-sigint" in o)
libc = ctypes.CDLL(None, use_errno=True)
path = o["path"].encode()
count = int(o.get("count", "1"))
interval = int(o.get("interval-ms", "0")) / 1000
buf = ctypes.create_string_buffer(512)  # larger than any struct stat
i = 0
while count == 0 or i < count:
    step = "stat#%d" % i
    emit(step, "stat", enter=True)
    if libc.stat(path, buf) == 0:
        emit(step, "stat", result=0)
    else:
        emit(step, "stat", errno=errno_name(ctypes.get_errno()))
        if "keep-going" not in o:
            sys.exit(1)
    i += 1
    time.sleep(interval)
