# iou-direct: the init of a new pid namespace that submits io_uring work from
# its own (only) thread, with raw syscalls through ctypes: a ring without
# SQPOLL, so the io-wq workers (iou-wrk-N) belong to this thread. It forks
# --children sleepers, arms an IORING_OP_POLL_ADD on a pipe whose write end
# only it holds, keeps --chains pairs of IORING_OP_STATX in flight (statx
# always runs in an io-wq worker; a pair is linked, so the worker that ran the
# first runs the second too), reports, then exit_group()s after
# --exit-after ms with all of it in flight (0: keeps going until killed).
# On exit io_uring_files_cancel() cancels no untracked request (only those on
# io_uring files are tracked), and this thread waits in io_wq_exit_workers()
# until its workers are gone: it is the last thread of init. Its fds are put
# in exit_task_work(): the write end's release wakes the armed poll (EPOLLHUP),
# or the ring's release cancels it, and either way io_uring queues the
# completion to this thread as task_work with TWA_SIGNAL: TIF_NOTIFY_SIGNAL is
# set and nothing clears it before exit_notify() -> zap_pid_ns_processes().
# Exit status 3: io_uring is not available here (ENOSYS, EPERM, ...).
import ctypes
import mmap
import os
import struct
import subprocess
import time

from common import emit, errno_name, opts

NR_IO_URING_SETUP, NR_IO_URING_ENTER = 425, 426
IORING_OFF_SQ_RING, IORING_OFF_CQ_RING, IORING_OFF_SQES = 0, 0x8000000, 0x10000000
IORING_OP_POLL_ADD, IORING_OP_STATX, IOSQE_IO_LINK, IORING_ENTER_GETEVENTS = 6, 21, 1 << 2, 1
POLLIN = 0x1
AT_FDCWD, STATX_BASIC_STATS = -100, 0x7FF


class SqOffsets(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint32) for n in
                ("head", "tail", "ring_mask", "ring_entries", "flags", "dropped", "array", "resv1")]
    _fields_ += [("user_addr", ctypes.c_uint64)]


class CqOffsets(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint32) for n in
                ("head", "tail", "ring_mask", "ring_entries", "overflow", "cqes", "flags", "resv1")]
    _fields_ += [("user_addr", ctypes.c_uint64)]


class Params(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint32) for n in
                ("sq_entries", "cq_entries", "flags", "sq_thread_cpu", "sq_thread_idle",
                 "features", "wq_fd")]
    _fields_ += [("resv", ctypes.c_uint32 * 3), ("sq_off", SqOffsets), ("cq_off", CqOffsets)]


libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def sys_call(*args):
    r = libc.syscall(*[ctypes.c_long(a) for a in args])
    if r < 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return r


class Ring:
    def __init__(self, entries):
        p = Params()
        self.fd = sys_call(NR_IO_URING_SETUP, entries, ctypes.addressof(p))
        so, co = p.sq_off, p.cq_off
        rw = mmap.PROT_READ | mmap.PROT_WRITE
        self.sq = mmap.mmap(self.fd, so.array + p.sq_entries * 4, mmap.MAP_SHARED, rw,
                            offset=IORING_OFF_SQ_RING)
        self.cq = mmap.mmap(self.fd, co.cqes + p.cq_entries * 16, mmap.MAP_SHARED, rw,
                            offset=IORING_OFF_CQ_RING)
        self.sqes = mmap.mmap(self.fd, p.sq_entries * 64, mmap.MAP_SHARED, rw,
                              offset=IORING_OFF_SQES)
        self.so, self.co, self.entries = so, co, p.sq_entries
        self.pending = 0

    def u32(self, m, off, v=None):
        if v is None:
            return struct.unpack_from("I", m, off)[0]
        struct.pack_into("I", m, off, v)

    def push_statx(self, path, buf, link, tag):
        tail = self.u32(self.sq, self.so.tail)
        idx = tail & self.u32(self.sq, self.so.ring_mask)
        # io_uring_sqe: opcode, flags, ioprio, fd, addr2 (statx buffer), addr
        # (path), len (mask), statx_flags, user_data; the rest zero
        sqe = struct.pack("<BBHiQQIIQ", IORING_OP_STATX, IOSQE_IO_LINK if link else 0, 0,
                          AT_FDCWD, buf, path, STATX_BASIC_STATS, 0, tag)
        self.sqes[idx * 64:idx * 64 + 64] = sqe.ljust(64, b"\0")
        self.u32(self.sq, self.so.array + idx * 4, idx)
        self.u32(self.sq, self.so.tail, tail + 1)
        self.pending += 1

    def push_poll(self, fd, tag):
        tail = self.u32(self.sq, self.so.tail)
        idx = tail & self.u32(self.sq, self.so.ring_mask)
        # opcode, flags, ioprio, fd, off, addr, len, poll32_events, user_data
        sqe = struct.pack("<BBHiQQIIQ", IORING_OP_POLL_ADD, 0, 0, fd, 0, 0, 0, POLLIN, tag)
        self.sqes[idx * 64:idx * 64 + 64] = sqe.ljust(64, b"\0")
        self.u32(self.sq, self.so.array + idx * 4, idx)
        self.u32(self.sq, self.so.tail, tail + 1)
        self.pending += 1

    def enter(self, wait):
        n, self.pending = self.pending, 0
        flags = IORING_ENTER_GETEVENTS if wait else 0
        return sys_call(NR_IO_URING_ENTER, self.fd, n, wait, flags, 0, 0)

    def reap(self):
        head = self.u32(self.cq, self.co.head)
        tail = self.u32(self.cq, self.co.tail)
        self.u32(self.cq, self.co.head, tail)
        return tail - head


def threads():
    out = []
    for tid in sorted(os.listdir("/proc/self/task"), key=int):
        try:
            with open(f"/proc/self/task/{tid}/comm") as f:
                out.append(f"{tid}:{f.read().strip()}")
        except OSError:
            pass
    return out


def main():
    o = opts()
    chains = int(o.get("chains", "64"))
    exit_after = int(o.get("exit-after", "800")) / 1000
    # --children-cpus MASK: the sleepers' affinity (taskset), when init itself is pinned
    sleeper = ["sleep", "3600"]
    if "children-cpus" in o:
        sleeper = ["taskset", o["children-cpus"]] + sleeper
    kids = [subprocess.Popen(sleeper).pid for _ in range(int(o.get("children", "2")))]
    try:
        ring = Ring(256)
    except OSError as e:
        emit("ready", "io_uring_setup", errno=errno_name(e.errno),
             detail={"pid": os.getpid(), "children": kids})
        os._exit(3)
    paths = [ctypes.create_string_buffer(p) for p in (b"/", b"/proc", b"/tmp", b"/dev/null")]
    buf = ctypes.create_string_buffer(256)
    inflight, done, tag = 0, 0, 0
    # made after the sleepers, and close-on-exec: only this process holds the write end
    rfd, wfd = os.pipe()
    ring.push_poll(rfd, 1 << 62)
    ring.enter(0)

    def fill():
        nonlocal inflight, tag
        while inflight + 2 <= min(chains * 2, ring.entries):
            for link in (True, False):
                tag += 1
                ring.push_statx(ctypes.addressof(paths[tag % len(paths)]), ctypes.addressof(buf),
                                link, tag)
            inflight += 2

    start, reported = time.monotonic(), False
    while True:
        fill()
        ring.enter(1)
        n = ring.reap()
        # the poll never completes while the write end is open and unwritten
        inflight -= n
        done += n
        now = time.monotonic()
        if not reported and now - start > 0.5:
            emit("ready", "io_uring_enter", result=done,
                 detail={"pid": os.getpid(), "children": kids, "threads": threads(), "uringFds": 1})
            reported, start = True, now
        if reported and exit_after > 0 and now - start > exit_after:
            fill()
            ring.enter(0)
            detail = {"done": done, "threads": threads(), "pipe": [rfd, wfd]}
            emit("exit", "exit_group", enter=True, detail=detail)
            os._exit(0)


main()
