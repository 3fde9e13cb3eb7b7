# Kerat: imported by Python at start-up (PYTHONPATH=/kerat/runner/site). gVisor may return a short write on the
# sandbox's stdout and stderr pipes, which a blocking pipe on Linux never does, and CPython's unbuffered text
# streams (PYTHONUNBUFFERED, so that output written before a kill is kept) ignore a short write: the rest of a
# large print() was lost. Here fds 1 and 2 get a raw writer that writes everything, still unbuffered.
import io as _io
import os as _os
import sys as _sys


class _WriteAll(_io.RawIOBase):
    def __init__(self, fd):
        super().__init__()
        self._fd = fd

    def writable(self):
        return True

    def fileno(self):
        return self._fd

    def isatty(self):
        return _os.isatty(self._fd)

    def write(self, b):
        view = memoryview(b).cast("B")
        n = len(view)
        done = 0
        while done < n:
            done += _os.write(self._fd, view[done:])
        return n

    def close(self):
        # the file descriptor belongs to the process, as sys.stdout's does
        super().close()


def _wrap(name, fd):
    stream = getattr(_sys, name, None)
    if not isinstance(stream, _io.TextIOWrapper):
        return
    try:
        if stream.fileno() != fd:
            return
    except (OSError, ValueError):
        return
    wrapped = _io.TextIOWrapper(_WriteAll(fd), encoding=stream.encoding, errors=stream.errors,
                                line_buffering=stream.line_buffering, write_through=True)
    setattr(_sys, name, wrapped)
    setattr(_sys, "__%s__" % name, wrapped)


_wrap("stdout", 1)
_wrap("stderr", 2)
del _wrap
