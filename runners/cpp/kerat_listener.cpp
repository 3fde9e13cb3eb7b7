// Kerat's GoogleTest listener (tests mode), compiled by test-compile.sh and linked into every test binary.
// GoogleTest writes its JSON report only when the whole run ends, so a test that hangs (the sandbox is killed at
// a limit) or crashes the binary (all tests share one process) would leave no results at all: this listener
// appends one Kerat result line to /kerat/out/results.jsonl as each test ends (open, append, close), named and
// worded the way results.jq words the report. At a normal end test-run.sh replaces these lines with the
// converted report, so they only stay when the binary did not finish.
//
// main() stays GoogleTest's own (gtest_main) or a test file's, which may define one: the listener is appended
// from the SetUp of a global test environment, registered by a static initializer, the way GoogleTest documents
// for gtest_main (it documents appending listeners only in main(), after InitGoogleTest). RUN_ALL_TESTS sets the
// environments up before the first test and outside any event, whichever main() calls it. In a death test's
// child GoogleTest forwards no events, and a child forked by the tested code is recognized by its pid.
// Everything here has internal linkage and a kerat_ prefix, so it cannot clash with the code under test.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace {

// Longest message kept, in bytes, like the other runners' 64 KiB cap (results.jsonl is read up to 8 MiB).
const std::string::size_type kerat_max_message = 64 * 1024;

// Appends s as a JSON string: quotes, backslashes and control characters escaped, and bytes that are not
// valid UTF-8 replaced by U+FFFD so that the line always parses.
void kerat_json_string(std::string &out, const std::string &s) {
    static const char kerat_hex[] = "0123456789abcdef";
    out += '"';
    const std::string::size_type n = s.size();
    for (std::string::size_type i = 0; i < n;) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                default:
                    if (c < 0x20) {
                        out += "\\u00";
                        out += kerat_hex[c >> 4];
                        out += kerat_hex[c & 0xf];
                    } else {
                        out += static_cast<char>(c);
                    }
            }
            i++;
            continue;
        }
        // A multi-byte sequence: its length from the lead byte, then continuation bytes, no overlong forms, no
        // surrogates, nothing past U+10FFFF.
        const std::string::size_type len = c >= 0xc2 && c <= 0xdf   ? 2
                                           : c >= 0xe0 && c <= 0xef ? 3
                                           : c >= 0xf0 && c <= 0xf4 ? 4
                                                                    : 0;
        bool ok = len != 0 && i + len <= n;
        for (std::string::size_type k = 1; ok && k < len; k++) {
            ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
        }
        if (ok && len > 2) {
            const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
            ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0) && !(c == 0xf0 && c1 < 0x90)
                 && !(c == 0xf4 && c1 >= 0x90);
        }
        if (ok) {
            out.append(s, i, len);
            i += len;
        } else {
            out += "\xef\xbf\xbd";
            i++;
        }
    }
    out += '"';
}

class kerat_stream_listener : public ::testing::EmptyTestEventListener {
public:
    explicit kerat_stream_listener(const std::string &path) : kerat_path(path), kerat_pid(getpid()) {}

    // status and message as results.jq derives them from the report: failed when the test has a failure
    // (message: each failure as "file:line\ntext", joined by blank lines), else skipped (GTEST_SKIP, or a
    // failed SetUpTestSuite) or passed, with no message.
    void OnTestEnd(const ::testing::TestInfo &test) override {
        const ::testing::TestResult &result = *test.result();
        std::string message;
        bool failed = false;
        bool errored = false;
        for (int i = 0; i < result.total_part_count(); i++) {
            const ::testing::TestPartResult &part = result.GetTestPartResult(i);
            if (!part.failed()) {
                continue;
            }
            // an exception that escaped the test body (GoogleTest's own wording): errored, as results.jq says
            const std::string text = part.message();
            errored = errored || text.rfind("C++ exception with description", 0) == 0
                      || text.rfind("Unknown C++ exception thrown", 0) == 0;
            if (failed) {
                message += "\n\n";
            }
            failed = true;
            message += part.file_name() != nullptr ? part.file_name() : "unknown file";
            if (part.line_number() >= 0) {
                message += ":" + std::to_string(part.line_number());
            }
            message += "\n";
            message += part.message();
        }
        kerat_write(test, errored ? "errored" : failed ? "failed" : result.Skipped() ? "skipped" : "passed", failed ? &message : nullptr,
                    result.elapsed_time());
    }

    // A DISABLED_ test, "skipped" with the message "disabled" in the report (status NOTRUN).
    void OnTestDisabled(const ::testing::TestInfo &test) override {
        const std::string message = "disabled";
        kerat_write(test, "skipped", &message, 0);
    }

private:
    void kerat_write(const ::testing::TestInfo &test, const char *status, const std::string *message,
                     long long duration_ms) {
        if (getpid() != kerat_pid) {
            return; // a child forked by the code under test (or a death test) must not report
        }
        std::string line = "{\"name\":";
        kerat_json_string(line, std::string(test.test_suite_name()) + "." + test.name());
        line += ",\"status\":\"";
        line += status;
        line += "\",\"message\":";
        if (message == nullptr) {
            line += "null";
        } else if (message->size() > kerat_max_message) {
            std::string::size_type cut = kerat_max_message;
            while (cut > 0 && (static_cast<unsigned char>((*message)[cut]) & 0xc0) == 0x80) {
                cut--; // not inside a UTF-8 sequence
            }
            kerat_json_string(line, message->substr(0, cut) + "\n... (truncated)");
        } else {
            kerat_json_string(line, *message);
        }
        line += ",\"duration_ms\":";
        line += std::to_string(duration_ms < 0 ? 0 : duration_ms);
        line += "}\n";

        // One line per open: nothing stays buffered when the binary is killed or crashes later. A line the
        // limits cut short (no space left, RLIMIT_FSIZE) is ignored by the daemon as garbage.
        const int saved_errno = errno;
        const int fd = open(kerat_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd >= 0) {
            const char *p = line.data();
            std::string::size_type left = line.size();
            while (left > 0) {
                const ssize_t w = write(fd, p, left);
                if (w < 0 && errno == EINTR) {
                    continue;
                }
                if (w <= 0) {
                    break;
                }
                p += w;
                left -= static_cast<std::string::size_type>(w);
            }
            close(fd);
        }
        errno = saved_errno;
    }

    const std::string kerat_path;
    const pid_t kerat_pid;
};

class kerat_stream_environment : public ::testing::Environment {
public:
    void SetUp() override {
        if (kerat_appended) {
            return; // set up again by --gtest_repeat with --gtest_recreate_environments_when_repeating
        }
        kerat_appended = true;
        const char *dir = std::getenv("KERAT_OUT_DIR");
        const std::string out = dir != nullptr && *dir != '\0' ? dir : "/kerat/out";
        ::testing::UnitTest::GetInstance()->listeners().Append(new kerat_stream_listener(out + "/results.jsonl"));
    }

private:
    bool kerat_appended = false;
};

// GoogleTest owns (and never deletes before the end) the environment and the listener.
::testing::Environment *const kerat_stream_env = ::testing::AddGlobalTestEnvironment(new kerat_stream_environment);

} // namespace
