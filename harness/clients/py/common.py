# Report helpers for the Python clients (same JSON lines as the Node ones).
# Python installs its own SIGINT handler (KeyboardInterrupt); the clients put
# back the default action unless asked to catch it, because only a
# default-action SIGINT is turned into a group kill by complete_signal.
import json
import os
import signal
import sys
import time


def emit(step, syscall, **fields):
    fields.update(step=step, syscall=syscall, ts=time.clock_gettime(time.CLOCK_MONOTONIC))
    os.write(1, (json.dumps(fields) + "\n").encode())


def call(step, syscall, fn, show=lambda v: v):
    emit(step, syscall, enter=True)
    try:
        v = fn()
    except OSError as e:
        emit(step, syscall, errno=errno_name(e.errno))
        return None
    emit(step, syscall, result=show(v))
    return v


def errno_name(n):
    import errno

    return errno.errorcode.get(n, str(n))


def sigint(catch):
    if catch:
        # signal.signal installs it without SA_RESTART: an interrupted
        # syscall returns EINTR instead of being restarted
        signal.signal(signal.SIGINT, lambda *_: emit("signal", "sigaction", result="SIGINT"))
    else:
        signal.signal(signal.SIGINT, signal.SIG_DFL)


def opts(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    out, i = {}, 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--"):
            if i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                out[a[2:]] = argv[i + 1]
                i += 1
            else:
                out[a[2:]] = "true"
        i += 1
    return out
