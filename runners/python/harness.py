"""Kerat's Python test harness (tests mode).

Runs the test files named in KERAT_TEST_FILES (colon-separated, relative to /workspace, the working directory)
with pytest, which collects both unittest.TestCase classes and plain pytest-style ``def test_*`` functions (and
``Test*`` classes, fixtures, parametrize, skip/xfail marks). Results go to /kerat/out/results.jsonl as JSON
lines, never to stdout/stderr, so the student's prints cannot interfere; see README.md beside this file for the
format, the naming scheme and the corner cases.
"""

# Everything the harness needs is imported before the workspace goes on sys.path, so a student's json.py,
# unittest.py or pytest.py cannot replace it.
import os
import sys

_script_dir = os.path.dirname(os.path.abspath(__file__))
if sys.path and os.path.abspath(sys.path[0] or ".") == _script_dir:
    del sys.path[0]  # the runner directory is not the student's business

os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
os.environ.pop("PYTEST_ADDOPTS", None)

import json  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import unittest  # noqa: E402,F401  (the real one, cached in sys.modules before the workspace is on sys.path)

import pytest  # noqa: E402
import _pytest.nodes  # noqa: E402,F401
import _pytest.unittest  # noqa: E402,F401

OUT_DIR = os.environ.get("KERAT_OUT_DIR", "/kerat/out")
RESULTS = os.path.join(OUT_DIR, "results.jsonl")
MAX_FIELD = 64 * 1024  # characters kept of a message or a stack trace
MAIN_PID = os.getpid()

_dumps = json.dumps
_write = os.write
_format_exception_only = traceback.format_exception_only


class HarnessError(Exception):
    """A fault of the harness itself: it ends without a "done" line."""


def _cap(s):
    if s is None:
        return None
    s = str(s)
    if len(s) > MAX_FIELD:
        return s[:MAX_FIELD] + "\n... (truncated)"
    return s


def _line(obj):
    return (_dumps(obj, ensure_ascii=False) + "\n").encode("utf-8", "replace")


def _exc_message(exc):
    """'AssertionError: 3 != 4', the way Python prints an exception's last line(s)."""
    try:
        return "".join(_format_exception_only(type(exc), exc)).strip()
    except Exception:  # a student's exception whose __str__ raises
        return type(exc).__name__


class Results:
    """Collects entries; appends each to results.jsonl as it comes (so a killed run still shows what finished)
    and rewrites the whole file atomically at the end, which also drops anything the tested code wrote there."""

    def __init__(self):
        self.entries = []
        self.fd = None
        try:
            self.fd = os.open(RESULTS, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND | os.O_CLOEXEC, 0o644)
        except OSError:
            self.fd = None

    def add(self, entry):
        if os.getpid() != MAIN_PID:  # a forked child of the tested code must not report
            return
        self.entries.append(entry)
        if self.fd is not None:
            try:
                _write(self.fd, _line(entry))
            except OSError:
                self.fd = None  # the tested code closed our descriptor; the final rewrite still happens

    def finish(self):
        if os.getpid() != MAIN_PID:
            return
        data = b"".join(_line(e) for e in self.entries) + _line({"event": "done"})
        try:
            os.chmod(OUT_DIR, 0o755)  # in case the tested code took the permission away
        except OSError:
            pass
        tmp = os.path.join(OUT_DIR, ".results-%d.tmp" % MAIN_PID)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
        finally:
            os.close(fd)
        os.replace(tmp, RESULTS)


def _syntax_errors(names):
    """Compiles every .py file of the request; returns the SyntaxErrors as Python prints them."""
    errors = []
    for name in names:
        if not name.endswith(".py"):
            continue
        try:
            with open(name, "rb") as f:
                src = f.read()
            compile(src, name, "exec", dont_inherit=True)
        except SyntaxError as e:  # includes IndentationError and TabError
            errors.append("".join(_format_exception_only(type(e), e)).rstrip())
        except (OSError, ValueError) as e:  # unreadable, or a NUL byte in the source
            errors.append("%s: %s" % (name, _exc_message(e)))
    return errors


class KeratPlugin:
    """Turns pytest's reports into Kerat's result lines."""

    def __init__(self, results):
        self.results = results
        self.names = {}        # nodeid -> reported name
        self.pending = {}      # nodeid -> entry being built across setup/call/teardown
        self.order = []        # nodeids of collected items, in order
        self.reported = set()
        self.collect_errors = {}  # nodeid -> real exception behind a collection error
        self.stop_reason = None

    # --- pytest's own terminal report goes to /dev/null --------------------------------------------------------
    # The terminal plugin stays loaded (other plugins read its options, e.g. the assertion rewriter's "verbose"),
    # but it binds sys.stdout when it is configured: swap in /dev/null just around that.
    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config):
        self._real_stdout = sys.stdout
        sys.stdout = open(os.devnull, "w")

    def pytest_sessionstart(self, session):
        if getattr(self, "_real_stdout", None) is not None:
            sys.stdout = self._real_stdout
            self._real_stdout = None

    # --- each test starts with usable sys.stdout/sys.stderr, even if an earlier test closed them -------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        _reopen_std_streams()

    # --- names -------------------------------------------------------------------------------------------
    @staticmethod
    def _short(nodeid):
        parts = nodeid.split("::")
        return ".".join(p for p in parts[1:] if p != "()") or parts[0]

    def pytest_collection_modifyitems(self, session, config, items):
        counts = {}
        for item in items:
            short = self._short(item.nodeid)
            counts[short] = counts.get(short, 0) + 1
        for item in items:
            short = self._short(item.nodeid)
            if counts[short] > 1:  # the same Class.test in two files: qualify with the file
                short = item.nodeid.split("::")[0] + "::" + short
            self.names[item.nodeid] = short
            self.order.append(item.nodeid)

    # --- collection errors (an import-time exception in a test file or the code it imports) -----------------
    def pytest_exception_interact(self, node, call, report):
        if call.when == "collect" and call.excinfo is not None:
            exc = call.excinfo.value
            if exc.__cause__ is not None and type(exc).__name__ == "CollectError":
                exc = exc.__cause__
            self.collect_errors[report.nodeid] = exc

    def pytest_collectreport(self, report):
        if not report.failed:
            return
        exc = self.collect_errors.get(report.nodeid)
        message = _exc_message(exc) if exc is not None else _last_line(report.longreprtext)
        self.results.add({
            "name": report.nodeid or "<collection>",
            "status": "errored",
            "message": _cap("error while importing %s: %s" % (report.nodeid or "the tests", message)),
            "stack_trace": _cap(report.longreprtext),
            "duration_ms": 0,
        })

    # --- tests -----------------------------------------------------------------------------------------------
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        exc = call.excinfo.value if call.excinfo is not None else None
        entry = self.pending.setdefault(item.nodeid, {
            "name": self.names.get(item.nodeid) or self._short(item.nodeid),
            "status": "passed", "message": None, "stack_trace": None, "duration_ms": 0.0,
        })
        entry["duration_ms"] += (report.duration or 0.0) * 1000.0
        if report.skipped:
            if entry["status"] == "passed":
                entry["status"] = "skipped"
                if hasattr(report, "wasxfail"):
                    reason = str(report.wasxfail or "")
                    if reason.startswith("reason:"):  # how pytest words unittest's expectedFailure
                        reason = reason[len("reason:"):].strip()
                    entry["message"] = _cap("expected failure" + (": " + reason if reason else ""))
                else:
                    entry["message"] = _cap(_skip_reason(report, exc))
        elif report.failed:
            if entry["status"] in ("passed", "skipped"):
                if report.when == "call" and exc is not None and (
                        isinstance(exc, AssertionError) or type(exc).__name__ == "Failed"):
                    entry["status"] = "failed"
                elif report.when == "call" and exc is None:  # e.g. a strict xfail that passed
                    entry["status"] = "failed"
                else:
                    entry["status"] = "errored"
                if exc is not None:
                    msg = _exc_message(exc)
                    if report.when != "call":
                        msg = "error in test %s: %s" % (report.when, msg)
                elif report.when == "call" and "XPASS(strict)" in (report.longreprtext or ""):
                    msg = "the test passed but was marked as an expected failure (strict xfail)"
                else:
                    msg = _last_line(report.longreprtext)
                entry["message"] = _cap(msg)
                entry["stack_trace"] = _cap(report.longreprtext)

    def pytest_runtest_logfinish(self, nodeid, location):
        entry = self.pending.pop(nodeid, None)
        if entry is not None:
            entry["duration_ms"] = int(round(entry["duration_ms"]))
            self.reported.add(nodeid)
            self.results.add(entry)

    def pytest_keyboard_interrupt(self, excinfo):
        self.stop_reason = "the test session was stopped by " + _exc_message(excinfo.value)

    def pytest_sessionfinish(self, session, exitstatus):
        if session.shouldstop and self.stop_reason is None:
            self.stop_reason = "the test session was stopped: " + str(session.shouldstop)

    def report_missing(self, why):
        """Every collected test gets a line, even when the tested code stopped the session early."""
        for nodeid in self.order:
            if nodeid in self.reported:
                continue
            entry = self.pending.pop(nodeid, None) or {
                "name": self.names.get(nodeid) or self._short(nodeid),
                "status": "errored", "message": None, "stack_trace": None, "duration_ms": 0,
            }
            entry["duration_ms"] = int(round(entry["duration_ms"]))
            if entry["status"] in ("passed", "skipped") or entry["message"] is None:
                entry["status"] = "errored"
                entry["message"] = _cap("the test did not finish: " + why)
            self.reported.add(nodeid)
            self.results.add(entry)


def _reopen_std_streams():
    for name, fd in (("stdout", 1), ("stderr", 2)):
        stream = getattr(sys, name, None)
        try:
            closed = stream is None or stream.closed
        except Exception:
            closed = True
        if closed:
            try:
                os.fstat(fd)
                new = open(fd, "w", encoding="utf-8", errors="backslashreplace", closefd=False, buffering=1)
            except OSError:
                new = open(os.devnull, "w")
            setattr(sys, name, new)


def _last_line(text):
    lines = [ln for ln in (text or "").splitlines() if ln.strip()]
    if not lines:
        return None
    last = lines[-1].strip()
    return last[2:].strip() if last.startswith("E ") else last


def _skip_reason(report, exc):
    if exc is not None:
        msg = getattr(exc, "msg", None)
        if msg:
            return str(msg)
        return str(exc) or None
    if isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        reason = str(report.longrepr[2])
        return reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason
    return None


def main():
    results = Results()
    workspace = os.getcwd()
    test_files = [f for f in os.environ.get("KERAT_TEST_FILES", "").split(":") if f]
    sources = [f for f in os.environ.get("KERAT_SOURCE_FILES", "").split(":") if f]

    errors = _syntax_errors(sources + [t for t in test_files if t not in sources])
    if errors:
        results.add({"event": "compile_error", "message": _cap("\n\n".join(errors))})
        results.finish()
        return

    sys.path.insert(0, workspace)  # tests import the student's modules by name, wherever the test file is
    args = [t for t in test_files if os.path.basename(t) != "conftest.py"]
    if not args:
        results.finish()  # no tests: the daemon reports "no tests were found"
        return
    plugin = KeratPlugin(results)
    argv = [
        "-c", os.path.join(_script_dir, "pytest.ini"),  # our settings; a submitted pytest.ini/tox.ini is ignored
        "--rootdir", workspace,
        "-s",                          # no capturing: prints go to the sandbox's stdout, results never do
        "-q", "--tb", "short",         # pytest's own report goes to /dev/null (see pytest_configure)
        "--continue-on-collection-errors",  # one broken test file does not stop the others
        "-p", "no:cacheprovider",
        "-p", "no:faulthandler",
        "-p", "no:pastebin",
    ]
    if len(args) == len(test_files):
        argv.append("--noconftest")  # a conftest.py counts only when it was sent as a test file
    argv += ["--"] + args
    why = None
    try:
        code = pytest.main(argv, plugins=[plugin])
        if code == pytest.ExitCode.USAGE_ERROR:
            raise HarnessError("pytest refused the harness's arguments %r" % (argv,))
        if code in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR):
            why = "the test session was %s" % ("interrupted" if code == pytest.ExitCode.INTERRUPTED
                                               else "stopped by an internal error")
    except HarnessError:
        raise
    except BaseException as e:  # SystemExit/KeyboardInterrupt escaping pytest
        why = "the test session ended with " + _exc_message(e)
    if plugin.stop_reason:
        why = plugin.stop_reason
    plugin.report_missing(why or "it was not run")
    results.finish()


if __name__ == "__main__":
    try:
        main()
    except BaseException:  # a harness failure: no "done" line, so the daemon reports runtime_error
        try:
            traceback.print_exc(file=sys.__stderr__)
        except Exception:
            pass
    finally:
        if os.getpid() == MAIN_PID:
            for stream in (sys.__stdout__, sys.__stderr__):
                try:
                    stream.flush()
                except Exception:
                    pass
        # skip atexit handlers and non-daemon threads of the tested code: the results are written
        os._exit(0)
