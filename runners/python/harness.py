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

import ast  # noqa: E402
import importlib  # noqa: E402

OUT_DIR = os.environ.get("KERAT_OUT_DIR", "/kerat/out")
RESULTS = os.path.join(OUT_DIR, "results.jsonl")
MAX_FIELD = 64 * 1024  # characters kept of a message or a stack trace
MAIN_PID = os.getpid()

_dumps = json.dumps
_write = os.write
_format_exception_only = traceback.format_exception_only


FRAMEWORKS = ("pytest", "unittest")
# test frameworks (by the module a test file imports) that are not installed: named in the error message
UNSUPPORTED = {"nose": "nose", "nose2": "nose2", "ward": "ward", "testify": "testify", "behave": "behave",
               "robot": "Robot Framework", "testtools": "testtools", "green": "green", "twisted": "Twisted Trial",
               "unittest2": "unittest2", "pytest_bdd": "pytest-bdd", "pytest_mock": "pytest-mock"}


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


def _plugin_class():
    """The pytest plugin class; pytest is imported only on this path (it costs about a second of CPU under
    gVisor, so pure unittest suites run without it, see _run_unittest)."""
    import pytest

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
            if report.skipped and report.nodeid and not report.result:
                # a whole test file skipped while it was imported (pytest.skip(allow_module_level=True),
                # pytest.importorskip, unittest.SkipTest at module level): one skipped entry for the file
                self.results.add({
                    "name": report.nodeid,
                    "status": "skipped",
                    "message": _cap(_skip_reason(report, None)),
                    "stack_trace": None,
                    "duration_ms": 0,
                })
                return
            if not report.failed:
                return
            exc = self.collect_errors.get(report.nodeid)
            message = _exc_message(exc) if exc is not None else _last_line(report.longreprtext)
            missing = getattr(exc, "name", None) if isinstance(exc, ImportError) else None
            framework = UNSUPPORTED.get((missing or "").split(".")[0])
            if framework:
                message = "the tests are written for %s, which this runner does not support (frameworks: %s): %s" % (
                    framework, ", ".join(FRAMEWORKS), message)
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

    return KeratPlugin


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


def _names(var):
    return [f for f in os.environ.get(var, "").replace("\n", ":").split(":") if f.strip()]


def _mentions(names, word):
    for name in names:
        try:
            with open(name, "rb") as f:
                if word in f.read():
                    return True
        except OSError:
            pass
    return False


# --- pure unittest suites: run without pytest ----------------------------------------------------------------------
# Importing pytest costs about a second of CPU under gVisor (ptrace). A suite of unittest.TestCase classes that needs
# nothing of pytest runs on unittest directly, with the same names, statuses, messages and order pytest would give.

# pytest.mark.<name> marks that change how a test runs; any other mark (exercism's task(taskno=N)) does nothing
_MEANINGFUL_MARKS = {"skip", "skipif", "xfail", "parametrize", "usefixtures", "filterwarnings", "timeout"}


class _Marks:
    """pytest.mark for the plain unittest path: every mark is a no-op decorator."""

    def __getattr__(self, name):
        return _Mark()


class _Mark:
    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and (callable(args[0]) or isinstance(args[0], type)):
            return args[0]  # @pytest.mark.name without arguments
        return lambda obj: obj


def _plain_unittest(test_files, args, framework):
    """The marker module to give test files as `pytest` when the suite can run on plain unittest (0 when they do
    not import pytest), else None: pytest is needed."""
    if framework == "pytest" or any(os.path.basename(t) == "conftest.py" for t in test_files):
        return None
    if len({os.path.basename(a) for a in args}) != len(args):
        return None  # two test modules of the same name: pytest's rules for that
    names = set(test_files)
    uses_pytest = False
    for a in args:
        d = os.path.dirname(a)
        if d and os.path.join(d, "__init__.py") in names:
            return None  # a test package: pytest's import rules
        try:
            with open(a, "rb") as f:
                tree = ast.parse(f.read(), a)
        except Exception:
            return None
        for node in tree.body:
            if framework != "unittest":
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                    return None  # a pytest-style test function
                if isinstance(node, ast.ClassDef) and node.name.startswith("Test") and not node.bases:
                    return None  # a pytest-style test class
        parents = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert):
                return None  # plain assert: pytest explains the failure, unittest would not
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("pytest", "_pytest"):
                return None
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "_pytest" or (alias.name.startswith("pytest") and (
                            alias.name != "pytest" or alias.asname not in (None, "pytest"))):
                        return None
                    if alias.name == "pytest":
                        uses_pytest = True
            if isinstance(node, ast.Name) and node.id == "pytest":
                # only pytest.mark.<name> with a name that does nothing on its own
                up = parents.get(node)
                up2 = parents.get(up)
                if not (isinstance(up, ast.Attribute) and up.attr == "mark" and isinstance(up2, ast.Attribute)
                        and up2.attr not in _MEANINGFUL_MARKS):
                    return None
    if not uses_pytest:
        return 0
    import types
    stub = types.ModuleType("pytest")
    stub.mark = _Marks()
    return stub


def _short_trace(tb, workspace):
    """A traceback the way pytest's --tb=short prints it, without unittest's own frames."""
    while tb is not None and "__unittest" in tb.tb_frame.f_globals:
        tb = tb.tb_next
    out = []
    for fs in traceback.extract_tb(tb):
        path = fs.filename
        if path.startswith(workspace + os.sep):
            path = path[len(workspace) + 1:]
        out.append("%s:%d: in %s" % (path, fs.lineno, fs.name))
        if fs.line:
            out.append("    " + fs.line)
    return out


def _failure_text(err, workspace):
    etype, value, tb = err
    lines = _short_trace(tb, workspace)
    for ln in _exc_message(value).splitlines() or [etype.__name__]:
        lines.append("E   " + ln)
    return "\n".join(lines)


def _run_unittest(results, args, stub):
    workspace = os.getcwd()
    if stub:
        sys.modules["pytest"] = stub
    loader = unittest.TestLoader()
    plan = []       # (file, test)
    seen = set()
    for a in args:
        path = os.path.abspath(a)
        d = os.path.dirname(path)
        if d not in sys.path:
            sys.path.insert(0, d)  # pytest's "prepend" import mode: the test file's directory first
        modname = os.path.splitext(os.path.basename(a))[0]
        try:
            mod = sys.modules.get(modname)
            if mod is None or os.path.abspath(getattr(mod, "__file__", "") or "") != path:
                mod = importlib.import_module(modname)
        except unittest.SkipTest as e:
            results.add({"name": a, "status": "skipped", "message": _cap(str(e) or None), "stack_trace": None,
                         "duration_ms": 0})
            continue
        except (Exception, SystemExit) as e:
            results.add({"name": a, "status": "errored",
                         "message": _cap("error while importing %s: %s" % (a, _exc_message(e))),
                         "stack_trace": _cap(_failure_text(sys.exc_info(), workspace)), "duration_ms": 0})
            continue
        for obj in list(vars(mod).values()):
            if isinstance(obj, type) and issubclass(obj, unittest.TestCase) and obj not in seen:
                seen.add(obj)
                for t in loader.loadTestsFromTestCase(obj):
                    plan.append((a, t))
    counts = {}
    for a, t in plan:
        short = "%s.%s" % (type(t).__qualname__, t._testMethodName)
        counts[short] = counts.get(short, 0) + 1
    names = {}
    for a, t in plan:
        short = "%s.%s" % (type(t).__qualname__, t._testMethodName)
        names[id(t)] = a + "::" + short if counts[short] > 1 else short
    result = _UnittestResult(results, names, workspace)
    result.known_classes = {type(t) for _, t in plan}
    result.plan_tests = [t for _, t in plan]
    suite = unittest.TestSuite([t for _, t in plan])
    why = None
    try:
        suite.run(result)
    except BaseException as e:  # KeyboardInterrupt and the like stop the session
        why = "the test session ended with " + _exc_message(e)
    result.close()
    for a, t in plan:
        if id(t) in result.reported:
            continue
        cls = type(t)
        fixture = result.class_errors.get(cls)
        if fixture and fixture[0] == "skipped":
            entry = {"status": "skipped", "message": fixture[1], "stack_trace": None}
        elif fixture:
            entry = {"status": "errored", "message": "error in test setup: " + fixture[1], "stack_trace": fixture[2]}
        else:
            entry = {"status": "errored", "message": "the test did not finish: " + (why or "it was not run"),
                     "stack_trace": None}
        entry.update({"name": names[id(t)], "duration_ms": 0})
        entry["message"] = _cap(entry["message"])
        entry["stack_trace"] = _cap(entry["stack_trace"])
        results.add({k: entry[k] for k in ("name", "status", "message", "stack_trace", "duration_ms")})


class _UnittestResult(unittest.TestResult):
    def __init__(self, results, names, workspace):
        super().__init__()
        self.kerat = results
        self.names = names
        self.workspace = workspace
        self.reported = set()
        self.class_errors = {}
        self.known_classes = set()
        self.plan_tests = []
        self.entry = None
        self.t0 = 0.0

    def close(self):
        if self.entry is not None:
            self._emit()

    def startTest(self, test):
        super().startTest(test)
        _reopen_std_streams()
        self.entry = {"name": self.names.get(id(test)) or test.id(), "status": "passed", "message": None,
                      "stack_trace": None, "duration_ms": 0}
        self.test_id = id(test)
        self.t0 = time.perf_counter()

    def stopTest(self, test):
        super().stopTest(test)
        self._emit()

    def _emit(self):
        entry, self.entry = self.entry, None
        entry["duration_ms"] = int(round((time.perf_counter() - self.t0) * 1000))
        self.reported.add(self.test_id)
        self.kerat.add(entry)

    def _fixture(self, test, status, message, trace):
        """An error (or skip) in setUpClass/setUpModule/tearDown...: unittest reports it on a placeholder."""
        desc = str(test)  # "setUpClass (test_x.TestFoo)"
        hit = False
        cls_name = desc[desc.find("(") + 1:desc.rfind(")")] if "(" in desc else ""
        if desc.startswith(("setUpClass", "setUpModule")):
            for known in self.known_classes:
                if (desc.startswith("setUpModule") and known.__module__ == cls_name) or \
                        "%s.%s" % (known.__module__, known.__qualname__) == cls_name:
                    self.class_errors[known] = (status, message, trace)
                    hit = True
                    # its tests will not start: reported now, in their place
                    for t in self.plan_tests:
                        if type(t) is known and id(t) not in self.reported:
                            self.reported.add(id(t))
                            skipped = status == "skipped"
                            self.kerat.add({
                                "name": self.names.get(id(t)) or t.id(),
                                "status": "skipped" if skipped else "errored",
                                "message": _cap(message if skipped else "error in test setup: " + message),
                                "stack_trace": None if skipped else _cap(trace), "duration_ms": 0})
        if not hit:  # a tearDownClass/tearDownModule problem: reported under its own name
            self.kerat.add({"name": desc, "status": "errored" if status != "skipped" else "skipped",
                            "message": _cap(message), "stack_trace": _cap(trace), "duration_ms": 0})

    def _set(self, status, message, trace):
        e = self.entry
        if e is None:
            return
        if e["status"] in ("passed", "skipped"):  # the first problem is the one reported
            e["status"] = status
            e["message"] = _cap(message)
            e["stack_trace"] = _cap(trace)

    def _outcome(self, test, err):
        is_failure = issubclass(err[0], AssertionError) or issubclass(err[0], getattr(test, "failureException",
                                                                                        AssertionError))
        return ("failed" if is_failure else "errored"), _exc_message(err[1]), _failure_text(err, self.workspace)

    def addError(self, test, err):
        super().addError(test, err)
        if not isinstance(test, unittest.TestCase):
            self._fixture(test, "errored", _exc_message(err[1]), _failure_text(err, self.workspace))
            return
        status, msg, trace = self._outcome(test, err)
        self._set(status, msg, trace)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        status, msg, trace = self._outcome(test, err)
        self._set(status, msg, trace)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            status, msg, trace = self._outcome(test, err)
            self._set(status, msg, trace)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        if not isinstance(test, unittest.TestCase):
            self._fixture(test, "skipped", reason, None)
            return
        if self.entry is not None and self.entry["status"] == "passed":
            self.entry["status"] = "skipped"
            self.entry["message"] = _cap(reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        if self.entry is not None:
            self.entry["status"] = "skipped"
            self.entry["message"] = "expected failure"

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._set("failed", "Failed: Unexpected success", "Unexpected success")  # pytest's words


def _hypothesis_profile():
    """No per-example deadline (a sandbox under load is slower than the author's machine: a deadline would fail
    correct code at random) and no example database on disk; a test's own @settings still win."""
    try:
        import hypothesis
        hypothesis.settings.register_profile("kerat", deadline=None, database=None)
        hypothesis.settings.load_profile("kerat")
        return True
    except Exception:
        return False


def main():
    results = Results()
    workspace = os.getcwd()
    test_files = _names("KERAT_TEST_FILES")
    sources = _names("KERAT_SOURCE_FILES")

    errors = _syntax_errors(sources + [t for t in test_files if t not in sources])
    if errors:
        results.add({"event": "compile_error", "message": _cap("\n\n".join(errors))})
        results.finish()
        return

    # only Python files are collected: data files shipped with the tests, conftest.py (loaded by pytest itself when
    # sent) and package markers are not test modules
    args = [t for t in test_files
            if t.endswith(".py") and os.path.basename(t) not in ("conftest.py", "__init__.py")]
    if not args:
        results.finish()  # no tests: the daemon reports "no tests were found"
        return
    framework = os.environ.get("KERAT_FRAMEWORK", "").strip()
    hypothesis = _mentions(test_files, b"hypothesis") and _hypothesis_profile()
    plain = _plain_unittest(test_files, args, framework)
    if plain is None:
        import pytest  # imported before the workspace is on sys.path: a student's pytest.py cannot replace it
        import _pytest.nodes  # noqa: F401
        import _pytest.unittest  # noqa: F401
    sys.path.insert(0, workspace)  # tests import the student's modules by name, wherever the test file is
    if plain is not None:
        _run_unittest(results, args, plain)
        results.finish()
        return

    plugin = _plugin_class()(results)
    argv = [
        "-c", os.path.join(_script_dir, "pytest.ini"),  # our settings; a submitted pytest.ini/tox.ini is ignored
        "--rootdir", workspace,
        "-s",                          # no capturing: prints go to the sandbox's stdout, results never do
        "-q", "--tb", "short",         # pytest's own report goes to /dev/null (see pytest_configure)
        "--continue-on-collection-errors",  # one broken test file does not stop the others
        "-p", "no:cacheprovider",
        "-p", "no:faulthandler",
        "-p", "no:pastebin",
        "-p", "no:doctest",            # not imported at all: less start-up under gVisor (no --doctest-modules here)
        "-p", "no:junitxml",
    ]
    if not any(os.path.basename(t) == "conftest.py" for t in test_files):
        argv.append("--noconftest")  # a conftest.py counts only when it was sent as a test file
    if framework == "unittest":
        # what `python -m unittest` runs: unittest.TestCase classes only (pytest collects those whatever the
        # name patterns say), no plain test_* functions or Test* classes
        argv += ["-o", "python_functions=__kerat_none__", "-o", "python_classes=__kerat_none__"]
    if hypothesis:
        argv += ["-p", "_hypothesis_pytestplugin"]  # hypothesis's own pytest plugin (its reporting)
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
