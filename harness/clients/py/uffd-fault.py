# uffd-fault: page faults that wait on a userfaultfd server (the Firecracker /
# e2b incident). The process creates a userfaultfd, registers an anonymous
# region in MISSING mode, and forks the server, which inherits the uffd. With
# --serve the server answers each fault (reads the uffd_msg, UFFDIO_COPY of a
# page of 0x5a); without it the server reads nothing and waits to be killed,
# like an orchestrator restarted without draining its sandboxes. With
# --handover this process closes its own copy of the uffd once the server has
# it, so the server holds the only file reference and its death runs
# userfaultfd_release; without it this process keeps a reference and the
# server's death releases nothing.
# Each --faults kind takes one fault on a page of its own, in a thread of its
# own (ctypes calls drop the GIL). handle_userfault sleeps in the state the
# fault flags ask for (userfaultfd_get_blocking_state):
#   user  touches the page from user mode; x86's do_user_addr_fault starts
#         from FAULT_FLAG_DEFAULT, INTERRUPTIBLE included: S
#   copy  read(2)s a pipe into the page: copy_to_user faults in kernel mode,
#         through the same do_user_addr_fault and flags: S as well
#   gup   process_vm_readv(2) of the page from itself: pin_user_pages_remote
#         -> faultin_page, KILLABLE without INTERRUPTIBLE (no
#         FOLL_INTERRUPTIBLE): D, the incident's state
# With --adopt PID --fd N --count K it is the new server instead: it takes fd
# N of PID (a uffd with faults pending) and answers K faults.
# Exit status 3: userfaultfd(2) is not available here (ENOSYS, EPERM, ...).
import ctypes
import mmap
import os
import signal
import struct
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import call, emit, errno_name, opts  # noqa: E402

NR_USERFAULTFD = 323  # x86_64
NR_PIDFD_OPEN = 434
NR_PIDFD_GETFD = 438
UFFD_API = 0xAA
UFFD_EVENT_PAGEFAULT = 0x12
UFFDIO_REGISTER_MODE_MISSING = 1
# _IOWR(0xAA, nr, size) and _IOR(0xAA, nr, size) of include/uapi/linux/userfaultfd.h
UFFDIO_API = 0xC018AA3F
UFFDIO_REGISTER = 0xC020AA00
UFFDIO_COPY = 0xC028AA03
UFFDIO_WAKE = 0x8010AA02
PR_SET_PDEATHSIG = 1
PAGE = mmap.PAGESIZE
SERVED = 0x5A
PIPED = ord("p")

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.ioctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p]
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.read.restype = ctypes.c_ssize_t
libc.read.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
libc.process_vm_readv.restype = ctypes.c_ssize_t


class Iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


def check(v):
    if v == -1 or v is None or v == ctypes.c_void_p(-1).value:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return v


def ioctl(fd, req, fmt, *fields):
    data = struct.pack(fmt, *fields)
    buf = ctypes.create_string_buffer(data, len(data))
    check(libc.ioctl(fd, req, buf))
    return struct.unpack(fmt, buf.raw)


def serve(uffd, count=None):
    # read(2) of a uffd takes a message off fault_pending_wqh (the fdinfo's
    # `pending` drops, `total` keeps it until the wake); UFFDIO_COPY fills the
    # page and wakes the faulting task
    buf = ctypes.create_string_buffer(bytes([SERVED]) * PAGE, PAGE)
    src = ctypes.addressof(buf)
    while count is None or count > 0:
        msg = call("msg", "read", lambda: os.read(uffd, 32), show=len)
        if not msg:
            return
        event, flags, addr = msg[0], *struct.unpack_from("QQ", msg, 8)
        if event != UFFD_EVENT_PAGEFAULT:
            continue
        emit("fault-msg", "read", result=addr, detail={"flags": flags, "addr": addr})
        page = addr & ~(PAGE - 1)
        done = call("uffdio-copy", "ioctl", lambda: ioctl(uffd, UFFDIO_COPY, "QQQQq", page, src, PAGE, 0, 0)[4])
        if done is None:  # EEXIST: filled meanwhile; wake whoever still waits
            call("uffdio-wake", "ioctl", lambda: ioctl(uffd, UFFDIO_WAKE, "QQ", page, PAGE))
        count = None if count is None else count - 1


def server(uffd, o):
    # never outlives the faulting process (its parent), whatever the case does
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    emit("server", "none", result=os.getpid(), detail={"pid": os.getpid(), "uffd": uffd})
    if "serve" in o:
        serve(uffd)
    else:
        while True:
            signal.pause()
    os._exit(0)


def user(addr):
    byte = ctypes.create_string_buffer(1)
    ctypes.memmove(byte, addr, 1)
    return PAGE, byte.raw[0]


def copy(addr, pipe_r):
    n = check(libc.read(pipe_r, addr, PAGE))
    return n, ctypes.string_at(addr, 1)[0]


def gup(addr):
    local = ctypes.create_string_buffer(PAGE)
    liov, riov = Iovec(ctypes.addressof(local), PAGE), Iovec(addr, PAGE)
    n = check(libc.process_vm_readv(os.getpid(), ctypes.byref(liov), 1, ctypes.byref(riov), 1, 0))
    return n, local.raw[0]


def fault(kind, fn, addr, *args):
    emit(kind, "page-fault", enter=True, detail={"tid": threading.get_native_id(), "addr": addr})
    try:
        n, value = fn(addr, *args)
    except OSError as e:
        return emit(kind, "page-fault", errno=errno_name(e.errno))
    emit(kind, "page-fault", result=n, detail={"value": value})


def reap(spid):
    # the faulting process notices its server's death, as an orchestrator's
    # parent would; the faults stay where they are all the same
    _, status = os.waitpid(spid, 0)
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    emit("server-exit", "wait4", result=status, detail={"signal": signal.Signals(sig).name if sig else None})


def adopt(pid, fd, count):
    # a new server takes a copy of the uffd from the faulting process itself
    # (pidfd_getfd: ptrace access to it) and answers the faults still queued
    pidfd = call("pidfd", "pidfd_open", lambda: check(libc.syscall(NR_PIDFD_OPEN, pid, 0)))
    uffd = call("getfd", "pidfd_getfd", lambda: check(libc.syscall(NR_PIDFD_GETFD, pidfd, fd, 0)))
    if uffd is None:
        sys.exit(1)
    serve(uffd, count)


o = opts()
if "adopt" in o:
    adopt(int(o["adopt"]), int(o["fd"]), int(o.get("count", "1")))
    sys.exit(0)
kinds = o.get("faults", "user,copy,gup").split(",")
uffd = call("uffd", "userfaultfd", lambda: check(libc.syscall(NR_USERFAULTFD, os.O_CLOEXEC)))
if uffd is None:
    sys.exit(3)
if call("api", "ioctl", lambda: ioctl(uffd, UFFDIO_API, "QQQ", UFFD_API, 0, 0)[2]) is None:
    sys.exit(3)
length = PAGE * len(kinds)
prot, flags = mmap.PROT_READ | mmap.PROT_WRITE, mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
base = call("map", "mmap", lambda: check(libc.mmap(None, length, prot, flags, -1, 0)))
reg = call(
    "register",
    "ioctl",
    lambda: ioctl(uffd, UFFDIO_REGISTER, "QQQQ", base, length, UFFDIO_REGISTER_MODE_MISSING, 0)[3],
)
if base is None or reg is None:
    sys.exit(1)
pipe_r, pipe_w = os.pipe()
os.write(pipe_w, bytes([PIPED]) * PAGE)
# forked before any thread exists; the child's copy of the region is not
# registered (dup_userfaultfd drops it without UFFD_FEATURE_EVENT_FORK)
spid = os.fork()
if spid == 0:
    server(uffd, o)
if "handover" in o:
    call("close", "close", lambda: os.close(uffd))
own = None if "handover" in o else uffd
emit("ready", "none", result=base, detail={"pid": os.getpid(), "server": spid, "uffd": own})
run = {"user": (user,), "copy": (copy, pipe_r), "gup": (gup,)}
threads = [
    threading.Thread(target=fault, args=(k, run[k][0], base + i * PAGE, *run[k][1:]), daemon=True)
    for i, k in enumerate(kinds)
]
for t in threads:
    t.start()
reaper = threading.Thread(target=reap, args=(spid,), daemon=True)
reaper.start()
for t in threads:
    t.join()
if "serve" in o:  # the server would wait for the next fault forever
    os.kill(spid, signal.SIGKILL)
reaper.join()
emit("exit", "exit_group", enter=True)
