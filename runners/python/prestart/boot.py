_kerat_names = list(globals())  # first: the __main__ namespace exactly as a cold start's script first sees it
# Kerat: the init of a pooled Python sandbox (README, "Interpreters already started"). The daemon starts it as
# `python3 /kerat/runner/prestart/boot.py` with the environment of the run command (without the per-request KERAT_*
# variables), so site, sitecustomize and the interpreter's flags are those of a cold start. It waits for the
# hand-over line on fd 0, read byte by byte so the program's stdin stays intact, then reads /kerat/ctl/handover
# (NUL-separated: mode, cwd, rlimits, argc, argv..., NAME=VALUE...). Mode "run": this interpreter runs argv[1] as __main__
# with the argv, environment and cwd given, exactly as `python3 <file>` would. Mode "exec" (anything the daemon
# cannot reproduce in-process), or a file the cold interpreter would treat differently (a zip, a .pyc, a file that
# does not compile): os.execvpe of the cold command, as the shell waiter does. Imports nothing a cold start lacks.
import sys
import os

_kerat_modules = set(sys.modules)
_kerat_importers = set(sys.path_importer_cache)
_KERAT_SELF = __file__
_KERAT_CONTROL = "/kerat/ctl/handover"
_KERAT_READY = "/kerat/out/.kerat-ready"  # tells the daemon the interpreter is up; gone before the program runs


def _kerat_main(names=_kerat_names, modules=_kerat_modules, importers=_kerat_importers, me=_KERAT_SELF,
                ready=_KERAT_READY,
                g=globals(), sys=sys, os=os, exec=exec, getattr=getattr, SystemExit=SystemExit,
                BaseException=BaseException):
    try:
        os.close(os.open(ready, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except OSError:
        pass  # the daemon then hands over without waiting for it
    line = bytearray()
    while True:
        c = os.read(0, 1)
        if not c:
            os._exit(1)  # the daemon discarded this sandbox
        if c == b"\n":
            break
        line += c
    try:
        os.unlink(ready)
    except OSError:
        pass
    with open(_KERAT_CONTROL, "rb") as f:
        fields = [os.fsdecode(x) for x in f.read().split(b"\0")[:-1]]
    mode, cwd, limits, argc = fields[0], fields[1], fields[2], int(fields[3])
    argv = fields[4:4 + argc]
    if argc < 2:
        mode = "exec"
    _kerat_rlimits(limits)
    env = {}
    for kv in fields[4 + argc:]:
        k, _, v = kv.partition("=")
        env[k] = v
    os.chdir(cwd)
    if mode != "run":
        _kerat_exec(argv, env)
    path = os.path.join(os.getcwd(), argv[1])
    code = _kerat_compile(path)
    if code is None:
        _kerat_exec(argv, env)

    # the process as `python3 <file> args...` started with this environment would have it
    os.environ.clear()
    for k, v in env.items():
        os.environ[k] = v
    posix = sys.modules[os.name]
    posix.environ.clear()
    posix.environ.update((os.fsencode(k), os.fsencode(v)) for k, v in env.items())
    sys.argv = argv[1:]
    sys.orig_argv = list(argv)
    sys.path[0] = os.path.dirname(os.path.realpath(path))
    for m in [m for m in sys.modules if m not in modules]:
        del sys.modules[m]
    for p in [p for p in sys.path_importer_cache if p not in importers]:
        del sys.path_importer_cache[p]
    # the interpreter looked for an importer of its script (none: a plain file) and cached that
    sys.path_importer_cache.pop(me, None)
    sys.path_importer_cache[path] = None
    saved = {k: g[k] for k in names}
    g.clear()
    for k in names:
        v = saved[k]
        if k == "__file__":
            v = path
        elif k == "__loader__":
            v = type(v)("__main__", path)
        elif k in ("__cached__", "__doc__"):
            v = None
        elif k == "__annotations__":
            v = {}
        g[k] = v
    del saved, fields, line, env, names, modules, importers

    try:
        exec(code, g)
    except SystemExit:
        raise
    except BaseException as e:
        # the interpreter prints it with sys.excepthook and ends as a cold start would (1; SIGINT for
        # KeyboardInterrupt); the hook sees the traceback without this file's frames
        hook = sys.excepthook

        def strip_boot_frames(t, v, tb, hook=hook, getattr=getattr):
            sys.excepthook = hook
            while tb is not None and tb.tb_frame.f_code.co_filename == me:
                tb = tb.tb_next
            v.__traceback__ = tb
            if getattr(sys, "last_value", None) is v:
                sys.last_traceback = tb
            hook(t, v, tb)

        sys.excepthook = strip_boot_frames
        del e, hook
        raise


def _kerat_compile(path):
    """The file's code, or None when a cold `python3 <file>` would not simply compile and run it."""
    try:
        st = os.stat(path)
        if (st.st_mode & 0o170000) != 0o100000 or path.endswith((".pyc", ".pyo")):
            return None
        for hook in sys.path_hooks:  # a zip archive (or a directory) is run as a package by the cold interpreter
            try:
                hook(path)
                return None
            except ImportError:
                pass
        with open(path, "rb") as f:
            src = f.read()
        magic = sys.modules["_frozen_importlib_external"].MAGIC_NUMBER
        if src[:2] == magic[:2] or b"\0" in src:
            return None
    except Exception:
        return None
    # warnings the compiler prints (SyntaxWarning) are kept and written only if the file compiles; else the cold
    # interpreter prints them itself
    err = sys.stderr
    sys.stderr = buf = sys.modules["io"].StringIO()
    try:
        code = compile(src, path, "exec", dont_inherit=True)
    except BaseException:
        return None
    finally:
        sys.stderr = err
    if buf.getvalue():
        err.write(buf.getvalue())
        err.flush()
    return code


def _kerat_rlimits(limits):
    """The stage's rlimits, hard and soft, as the shell waiter's `ulimit -H -S` line sets them (the sandbox started
    with the language's maxima): processes, open files, file size in bytes. The module goes with the others a cold
    start lacks."""
    import resource
    nproc, nofile, fsize = (int(x) for x in limits.split())
    try:
        for which, n in ((resource.RLIMIT_NPROC, nproc), (resource.RLIMIT_NOFILE, nofile),
                         (resource.RLIMIT_FSIZE, fsize)):
            resource.setrlimit(which, (n, n))
    except (OSError, ValueError):
        os.write(2, b"kerat: cannot apply the limits\n")
        os._exit(125)


def _kerat_exec(argv, env):
    """The cold command, by execve: what the shell waiter's `exec` does (signals Python ignores made default)."""
    import signal
    for s in ("SIGPIPE", "SIGXFSZ"):
        if hasattr(signal, s):
            signal.signal(getattr(signal, s), signal.SIG_DFL)
    try:
        os.execvpe(argv[0], argv, env)
    except FileNotFoundError:
        os.write(2, os.fsencode("kerat: %s not found in the image\n" % argv[0]))
        os._exit(127)
    except OSError as e:
        os.write(2, os.fsencode("kerat: cannot run %s: %s\n" % (argv[0], e.strerror)))
        os._exit(126)


_kerat_main()
