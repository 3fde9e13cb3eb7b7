// Tests mode, doctest (Debian's doctest-dev): a listener (doctest's REGISTER_LISTENER: it runs next to whatever
// reporter the run uses) linked into every doctest test binary, compiled into the image with the doctest
// implementation (see oci-bundles/cpp/image.json). It writes each test case's result to /kerat/out/results.jsonl
// as soon as the test case ends (all its subcases), so a run killed at a limit keeps the finished tests; the
// results never travel on stdout.
//
// Names: "name", or "suite::name" inside a TEST_SUITE. status: errored for an unexpected exception or a crash
// (doctest's signal handler still ends the test case), failed when the test case did not succeed otherwise
// (should_fail/may_fail/expected_failures decorators are doctest's own verdict), skipped for a skip() decorator.
#include <doctest/doctest.h>

#include <string>

#include "kerat_jsonl.hpp"

namespace {

struct kerat_doctest_listener : public doctest::IReporter {
    explicit kerat_doctest_listener(const doctest::ContextOptions &) {}

    void report_query(const doctest::QueryData &) override {}

    void test_run_start() override {
        kerat_pid = getpid();
    }

    void test_run_end(const doctest::TestRunStats &) override {
        kerat_mark_run_ended(kerat_pid);
    }

    void test_case_start(const doctest::TestCaseData &tc) override {
        kerat_tc = &tc;
        kerat_message.clear();
    }

    void test_case_reenter(const doctest::TestCaseData &) override {}

    void test_case_end(const doctest::CurrentTestCaseStats &st) override {
        if (kerat_tc == nullptr) {
            return;
        }
        const long long ms = static_cast<long long>(st.seconds * 1000);
        if (st.testCaseSuccess) {
            kerat_report(kerat_pid, kerat_name(*kerat_tc), "passed", nullptr, ms);
        } else {
            const int flags = st.failure_flags;
            const bool errored = (flags & (doctest::TestCaseFailureReason::Exception
                                           | doctest::TestCaseFailureReason::Crash)) != 0;
            if (kerat_message.empty()) {
                kerat_message = (flags & doctest::TestCaseFailureReason::ShouldHaveFailedButDidnt) != 0
                                        ? "the test case should have failed but did not"
                                        : "the test case failed";
            }
            kerat_report(kerat_pid, kerat_name(*kerat_tc), errored ? "errored" : "failed", &kerat_message, ms);
        }
        kerat_tc = nullptr;
    }

    void test_case_exception(const doctest::TestCaseException &e) override {
        kerat_add(std::string(e.is_crash ? "crashed: " : "threw an unexpected exception: ")
                  + e.error_string.c_str());
    }

    void subcase_start(const doctest::SubcaseSignature &) override {}

    void subcase_end() override {}

    void log_assert(const doctest::AssertData &a) override {
        if (!a.m_failed) {
            return;
        }
        std::string m = std::string(a.m_file) + ":" + std::to_string(a.m_line) + ": "
                        + doctest::assertString(a.m_at) + "( " + a.m_expr + " )";
        if (a.m_threw) {
            m += "\nthrew an exception: " + std::string(a.m_exception.c_str());
        } else if (a.m_decomp.size() > 0) {
            m += "\nvalues: " + std::string(doctest::assertString(a.m_at)) + "( " + a.m_decomp.c_str() + " )";
        }
        kerat_add(m);
    }

    void log_message(const doctest::MessageData &m) override {
        if ((m.m_severity & (doctest::assertType::is_check | doctest::assertType::is_require)) == 0) {
            return; // MESSAGE/WARN: not a failure
        }
        kerat_add(std::string(m.m_file) + ":" + std::to_string(m.m_line) + ": " + m.m_string.c_str());
    }

    void test_case_skipped(const doctest::TestCaseData &tc) override {
        const std::string msg = "skipped";
        kerat_report(kerat_pid, kerat_name(tc), "skipped", &msg, 0);
    }

private:
    static std::string kerat_name(const doctest::TestCaseData &tc) {
        std::string suite = tc.m_test_suite != nullptr ? tc.m_test_suite : "";
        return suite.empty() ? std::string(tc.m_name) : suite + "::" + tc.m_name;
    }

    void kerat_add(const std::string &m) {
        if (!kerat_message.empty()) {
            kerat_message += "\n\n";
        }
        kerat_message += m;
    }

    pid_t kerat_pid = getpid();
    const doctest::TestCaseData *kerat_tc = nullptr;
    std::string kerat_message;
};

} // namespace

REGISTER_LISTENER("kerat", 1, kerat_doctest_listener);
