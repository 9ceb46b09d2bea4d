# mmap-hold: the target process of the mmap_lock incident. It maps a file
# (mmap module) and reports where, then on each SIGUSR1 lets the next step run
# in a thread started beforehand (creating a thread maps its stack, itself a
# write of mmap_lock): `fault` touches the mapping, a page fault that waits
# for the file's READ; `mmap` maps and unmaps an anonymous page (vm_mmap_pgoff
# and __vm_munmap take mmap_lock for write). Faults and syscalls go through
# ctypes, whose CDLL calls drop the GIL, so one thread stuck in the kernel does
# not stop the others.
import ctypes
import mmap
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import call, emit, errno_name, opts  # noqa: E402

libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
PAGE = mmap.PAGESIZE


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
    return ctypes.memmove(byte, addr, 1) and byte.raw[0]


def remap(_addr):
    p = libc.mmap(None, PAGE, mmap.PROT_READ, mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
    if p in (None, ctypes.c_void_p(-1).value):
        raise OSError(ctypes.get_errno(), "mmap")
    return libc.munmap(p, PAGE)


STEPS = {"fault": ("page-fault", fault), "mmap": ("mmap+munmap", remap)}


def step(name, go, addr):
    go.wait()
    syscall, fn = STEPS[name]
    emit(name, syscall, enter=True, detail={"tid": threading.get_native_id()})
    try:
        v = fn(addr)
    except OSError as e:
        return emit(name, syscall, errno=errno_name(e.errno))
    emit(name, syscall, result=v)


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
steps = [(s, threading.Event()) for s in o.get("steps", "fault,mmap").split(",")]
threads = [threading.Thread(target=step, args=(s, go, addr), daemon=True) for s, go in steps]
for t in threads:
    t.start()
emit("ready", "none", result=addr, detail={"pid": os.getpid(), "addr": addr, "length": length})
for s, go in steps:
    emit("wait", "sigwait", enter=True, detail={"next": s})
    signal.sigwait({signal.SIGUSR1})
    go.set()
for t in threads:
    t.join()
emit("exit", "exit_group", enter=True)
