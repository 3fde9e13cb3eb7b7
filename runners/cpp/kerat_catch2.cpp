// Tests mode, Catch2 v3 (Debian's libcatch2-dev): an event listener linked into every Catch2 test binary (compiled
// into the image, see oci-bundles/cpp/image.json). It writes each test case's result to /kerat/out/results.jsonl
// as soon as the test case ends (all its sections), so a run killed at a limit keeps the finished tests; the
// results never travel on stdout. Catch2 runs its own reporter (console) next to it.
//
// status: errored when an assertion threw unexpectedly or a fatal signal ended the test (Catch2 reports both as
// failures; its signal handler still ends the test case), failed when a test case failed otherwise, skipped for
// SKIP(), else passed ([!shouldfail]/[!mayfail] tests that failed as allowed are passed). message: each failed
// assertion as "file:line: MACRO( expr )", its expansion and messages.
#include <catch2/catch_test_case_info.hpp>
#include <catch2/interfaces/catch_interfaces_reporter.hpp>
#include <catch2/reporters/catch_reporter_event_listener.hpp>
#include <catch2/reporters/catch_reporter_registrars.hpp>

#include <chrono>
#include <string>

#include "kerat_jsonl.hpp"

namespace {

class kerat_catch2_listener : public Catch::EventListenerBase {
public:
    using Catch::EventListenerBase::EventListenerBase;

    void testRunStarting(Catch::TestRunInfo const &) override {
        kerat_pid = getpid();
    }

    void testCaseStarting(Catch::TestCaseInfo const &) override {
        kerat_message.clear();
        kerat_skip.clear();
        kerat_errored = false;
        kerat_start = std::chrono::steady_clock::now();
    }

    void assertionEnded(Catch::AssertionStats const &stats) override {
        const Catch::AssertionResult &r = stats.assertionResult;
        const Catch::ResultWas::OfType type = r.getResultType();
        if (type == Catch::ResultWas::ExplicitSkip) {
            kerat_skip = std::string(r.getMessage());
            return;
        }
        if (r.isOk()) {
            return;
        }
        if (type == Catch::ResultWas::ThrewException || type == Catch::ResultWas::FatalErrorCondition) {
            kerat_errored = true;
        }
        if (!kerat_message.empty()) {
            kerat_message += "\n\n";
        }
        const Catch::SourceLineInfo where = r.getSourceInfo();
        kerat_message += std::string(where.file) + ":" + std::to_string(where.line) + ": ";
        if (r.hasExpression()) {
            kerat_message += r.getExpressionInMacro();
            if (r.hasExpandedExpression()) {
                kerat_message += "\nwith expansion:\n  " + r.getExpandedExpression();
            }
        } else {
            kerat_message += type == Catch::ResultWas::FatalErrorCondition ? "fatal error" : "failed";
        }
        if (type == Catch::ResultWas::ThrewException) {
            kerat_message += "\ndue to unexpected exception with message:\n  ";
        } else if (type == Catch::ResultWas::FatalErrorCondition) {
            kerat_message += "\ndue to a fatal error condition:\n  ";
        } else if (r.hasMessage()) {
            kerat_message += "\n";
        }
        if (r.hasMessage()) {
            kerat_message += std::string(r.getMessage());
        }
        for (const Catch::MessageInfo &info : stats.infoMessages) {
            if (info.type == Catch::ResultWas::Info) {
                kerat_message += "\nwith message:\n  " + info.message;
            }
        }
    }

    void testCaseEnded(Catch::TestCaseStats const &stats) override {
        const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now() - kerat_start).count();
        const Catch::Counts &tc = stats.totals.testCases;
        const char *status = "passed";
        const std::string *msg = nullptr;
        if (tc.failed > 0) {
            status = kerat_errored ? "errored" : "failed";
            if (kerat_message.empty()) {
                kerat_message = "the test case failed";
            }
            msg = &kerat_message;
        } else if (tc.skipped > 0) {
            status = "skipped";
            if (!kerat_skip.empty()) {
                msg = &kerat_skip;
            }
        }
        kerat_report(kerat_pid, stats.testInfo->name, status, msg, ms);
    }

    void testRunEnded(Catch::TestRunStats const &) override {
        kerat_mark_run_ended(kerat_pid);
    }

private:
    pid_t kerat_pid = getpid();
    std::string kerat_message;
    std::string kerat_skip;
    bool kerat_errored = false;
    std::chrono::steady_clock::time_point kerat_start;
};

} // namespace

CATCH_REGISTER_LISTENER(kerat_catch2_listener)
