# mmap-hold: the target process of the mmap_lock incident. It maps a file
# (mmap module), reports where, then on each SIGUSR1 starts the next step in
# a thread of its own: `fault` touches the mapping (a page fault that waits
# for the file's READ), `mmap` maps and unmaps an anonymous page (mmap and
# munmap take mmap_lock for write). The faults and syscalls go through ctypes
# (CDLL calls drop the GIL), so a thread stuck in the kernel does not stop the
# others from running Python.
import ctypes
import mmap
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import call, emit, opts  # noqa: E402

libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]


def mapped_at(path):
    # the mmap module hides the address: /proc/self/maps names the file's mapping
    real = os.path.realpath(path)
    for line in open("/proc/self/maps"):
        f = line.split()
        if len(f) >= 6 and f[5] == real:
            return int(f[0].split("-")[0], 16)
    raise SystemExit("mapping not found in /proc/self/maps")


def fault(addr):
    byte = ctypes.create_string_buffer(1)
    call("fault", "page-fault", lambda: ctypes.memmove(byte, addr, 1) and byte.raw[0])


def writer():
    def remap():
        p = libc.mmap(None, mmap.PAGESIZE, mmap.PROT_READ, mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
        if p in (None, ctypes.c_void_p(-1).value):
            raise OSError(ctypes.get_errno(), "mmap")
        return libc.munmap(p, mmap.PAGESIZE)

    call("mmap", "mmap+munmap", remap)


o = opts()
fd = call("open", "openat", lambda: os.open(o["path"], os.O_RDONLY))
if fd is None:
    sys.exit(1)
length = int(o.get("length", os.fstat(fd).st_size))
m = call("map", "mmap", lambda: mmap.mmap(fd, length, prot=mmap.PROT_READ), show=len)
if m is None:
    sys.exit(1)
addr = mapped_at(o["path"])
# blocked before any thread starts, so every thread inherits the mask and only sigwait takes it
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
emit("ready", "none", result=addr, detail={"pid": os.getpid(), "addr": addr, "length": length})
threads = []
for step in o.get("steps", "fault,mmap").split(","):
    emit("wait", "sigwait", enter=True, detail={"next": step})
    signal.sigwait({signal.SIGUSR1})
    emit("wait", "sigwait", result="SIGUSR1", detail={"next": step})
    run = (lambda: fault(addr)) if step == "fault" else writer
    t = threading.Thread(target=run, daemon=True)
    t.start()
    threads.append(t)
for t in threads:
    t.join()
emit("exit", "exit_group", enter=True)
