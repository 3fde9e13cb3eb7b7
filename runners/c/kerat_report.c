/*
 * Tests mode: Criterion report hooks that test-compile.sh links into every test binary. Each test is appended to
 * /kerat/out/results.jsonl as one JSON line as soon as Criterion's runner learns how it ended, so a run the daemon
 * kills at a limit (a test that hangs, a suite too slow for the wall time) still lists the tests that finished.
 * At a normal end test-run.sh replaces the file with results.jq's conversion of the complete TAP report; the lines
 * written here follow results.jq's rules (name suite::test, status, message, duration_ms) so that both agree.
 *
 * The hooks run in Criterion's runner process, never in the forked worker that runs a test: a test that crashes,
 * hangs or closes its descriptors cannot lose or corrupt them. Each line is written with one write(2) on a
 * descriptor opened for appending and closed right after, so nothing waits in a buffer when the sandbox dies.
 * Nothing here is visible to the linker (every symbol is static, the hooks are registered by hand instead of with
 * ReportHook(), whose names depend on the line number): the user's code and test files, their own ReportHook()s
 * included, link next to it unchanged.
 */
#include <criterion/hooks.h>
#include <criterion/stats.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KERAT_RESULTS "/kerat/out/results.jsonl"

/* A growing byte buffer; after a failed allocation it stays unusable and the line is dropped. */
struct kerat_buf {
    char *data;
    size_t len;
    size_t cap;
    int broken;
};

static void kerat_put(struct kerat_buf *b, const char *s, size_t n)
{
    if (b->broken) {
        return;
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n) {
            cap *= 2;
        }
        char *p = realloc(b->data, cap);
        if (!p) {
            b->broken = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void kerat_puts(struct kerat_buf *b, const char *s)
{
    kerat_put(b, s, strlen(s));
}

/* The length of the valid UTF-8 sequence at s (at most n bytes), 0 if it is not one. */
static size_t kerat_utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        if (s[0] == 0xE0) {
            lo = 0xA0; /* overlong */
        } else if (s[0] == 0xED) {
            hi = 0x9F; /* surrogates */
        }
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        if (s[0] == 0xF0) {
            lo = 0x90; /* overlong */
        } else if (s[0] == 0xF4) {
            hi = 0x8F; /* past U+10FFFF */
        }
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < len; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF) {
            return 0;
        }
    }
    return len;
}

/* Appends the first n bytes of s as the inside of a JSON string; bytes that are not UTF-8 become U+FFFD. */
static void kerat_put_escaped(struct kerat_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *) s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        if (c == '"' || c == '\\') {
            char esc[2] = { '\\', (char) c };
            kerat_put(b, esc, 2);
            i++;
        } else if (c < 0x20) {
            char esc[8];
            switch (c) {
            case '\n': kerat_puts(b, "\\n"); break;
            case '\r': kerat_puts(b, "\\r"); break;
            case '\t': kerat_puts(b, "\\t"); break;
            case '\b': kerat_puts(b, "\\b"); break;
            case '\f': kerat_puts(b, "\\f"); break;
            default:
                snprintf(esc, sizeof esc, "\\u%04x", c);
                kerat_puts(b, esc);
            }
            i++;
        } else if (c < 0x80) {
            kerat_put(b, s + i, 1);
            i++;
        } else {
            size_t len = kerat_utf8_len(u + i, n - i);
            if (len == 0) {
                kerat_puts(b, "\\ufffd");
                i++;
            } else {
                kerat_put(b, s + i, len);
                i += len;
            }
        }
    }
}

/*
 * The failure message of a failed test as results.jq builds it from the TAP report: for each failed assertion, in
 * the order of Criterion's list (the TAP report's order), a line "file:line: " + the message's first line, then one
 * line per further non-empty line of the message (TAP splits with strtok), where a line that follows a line ending
 * in ':' is joined to it with a space and a leading "Assertion failed: " is dropped.
 */
static void kerat_put_text_line(struct kerat_buf *msg, const char *text, size_t n)
{
    static const char prefix[] = "Assertion failed: ";
    if (n >= sizeof prefix - 1 && memcmp(text, prefix, sizeof prefix - 1) == 0) {
        text += sizeof prefix - 1;
        n -= sizeof prefix - 1;
    }
    if (msg->len > 0 && msg->data[msg->len - 1] == ':') {
        kerat_puts(msg, " ");
    } else if (msg->len > 0) {
        kerat_puts(msg, "\n");
    }
    kerat_put(msg, text, n);
}

static void kerat_failure_message(struct kerat_buf *msg, struct criterion_test_stats *s)
{
    char loc[64];
    for (struct criterion_assert_stats *a = s->asserts; a; a = a->next) {
        if (a->passed) {
            continue;
        }
        if (msg->len > 0) {
            kerat_puts(msg, "\n");
        }
        kerat_puts(msg, a->file ? a->file : "(null)");
        snprintf(loc, sizeof loc, ":%u:", a->line);
        kerat_puts(msg, loc);
        const char *m = a->message ? a->message : "";
        int empty = 1;
        while (*m) {
            size_t n = strcspn(m, "\n");
            if (n > 0) {
                kerat_put_text_line(msg, m, n);
                empty = 0;
            }
            m += n;
            if (*m == '\n') {
                m++;
            }
        }
        if (empty) {
            kerat_put_text_line(msg, "(null)", 6); /* what TAP prints for an empty message */
        }
    }
}

/* The duration as results.jq reads it from the TAP line: the seconds printed with two decimals, in whole ms. */
static long long kerat_duration_ms(float elapsed)
{
    char secs[64];
    snprintf(secs, sizeof secs, "%3.2f", elapsed);
    double ms = floor(strtod(secs, NULL) * 1000);
    return ms > 0 ? (long long) ms : 0;
}

static void kerat_write_line(const char *data, size_t len)
{
    int fd = open(KERAT_RESULTS, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        return;
    }
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        data += n;
        len -= (size_t) n;
    }
    close(fd);
}

/* One result line, with the status and message results.jq gives the test's TAP line. */
static void kerat_report(struct criterion_test_stats *s)
{
    const char *status;
    struct kerat_buf msg = { 0 };
    int has_message = 1;
    long long ms = 0;
    if (s->test_status == CR_STATUS_SKIPPED) {
        status = "skipped";
        kerat_puts(&msg, s->message ? s->message : "test was skipped");
        has_message = msg.len > 0;
    } else if (s->crashed) {
        char line[32];
        status = "errored";
        kerat_puts(&msg, "the test crashed: unexpected signal after ");
        kerat_puts(&msg, s->file ? s->file : "(null)");
        snprintf(line, sizeof line, ":%u", s->progress);
        kerat_puts(&msg, line);
    } else if (s->timed_out) {
        status = "errored";
        kerat_puts(&msg, "the test timed out");
        ms = kerat_duration_ms(s->elapsed_time);
    } else if (s->test_status == CR_STATUS_FAILED) {
        status = "failed";
        kerat_failure_message(&msg, s);
        if (msg.len == 0) {
            kerat_puts(&msg, "the test failed with no assertion message");
        }
        ms = kerat_duration_ms(s->elapsed_time);
    } else {
        status = "passed";
        has_message = 0;
        ms = kerat_duration_ms(s->elapsed_time);
    }

    struct kerat_buf line = { 0 };
    char num[32];
    kerat_puts(&line, "{\"name\":\"");
    kerat_put_escaped(&line, s->test->category, strlen(s->test->category));
    kerat_puts(&line, "::");
    kerat_put_escaped(&line, s->test->name, strlen(s->test->name));
    kerat_puts(&line, "\",\"status\":\"");
    kerat_puts(&line, status);
    kerat_puts(&line, "\",\"message\":");
    if (has_message && !msg.broken) {
        kerat_puts(&line, "\"");
        kerat_put_escaped(&line, msg.data, msg.len);
        kerat_puts(&line, "\"");
    } else {
        kerat_puts(&line, "null");
    }
    snprintf(num, sizeof num, ",\"duration_ms\":%lld}\n", ms);
    kerat_puts(&line, num);
    if (!line.broken && !msg.broken) {
        kerat_write_line(line.data, line.len);
    }
    free(msg.data);
    free(line.data);
}

/*
 * The tests already reported whose suite has not ended: a test is reported once (a timeout in its teardown would
 * report it again), and at the end of a suite the tests that no per-test hook saw (disabled ones, crashes in a
 * setup fixture) are reported from the suite's list.
 */
static struct criterion_test_stats **kerat_seen;
static size_t kerat_seen_len;
static size_t kerat_seen_cap;

static int kerat_take_seen(struct criterion_test_stats *s)
{
    for (size_t i = 0; i < kerat_seen_len; i++) {
        if (kerat_seen[i] == s) {
            kerat_seen[i] = kerat_seen[--kerat_seen_len];
            return 1;
        }
    }
    return 0;
}

static int kerat_is_seen(struct criterion_test_stats *s)
{
    for (size_t i = 0; i < kerat_seen_len; i++) {
        if (kerat_seen[i] == s) {
            return 1;
        }
    }
    return 0;
}

static void kerat_on_test_end(void *data)
{
    struct criterion_test_stats *s = data;
    if (kerat_is_seen(s)) {
        return;
    }
    if (kerat_seen_len == kerat_seen_cap) {
        size_t cap = kerat_seen_cap ? kerat_seen_cap * 2 : 64;
        struct criterion_test_stats **p = realloc(kerat_seen, cap * sizeof *p);
        if (p) {
            kerat_seen = p;
            kerat_seen_cap = cap;
        }
    }
    if (kerat_seen_len < kerat_seen_cap) {
        kerat_seen[kerat_seen_len++] = s;
    }
    kerat_report(s);
}

static void kerat_on_suite_end(void *data)
{
    struct criterion_suite_stats *ss = data;
    for (struct criterion_test_stats *s = ss->tests; s; s = s->next) {
        if (!kerat_take_seen(s)) {
            kerat_report(s);
        }
    }
}

/* What ReportHook(Kind) expands to, with names of our own: a pointer in the section Criterion reads that kind's
   hooks from. POST_TEST ends a test that ran (passed, failed, skipped, timed out, exited); TEST_CRASH one that
   died of a signal it did not expect; POST_SUITE reports the suite's tests that neither saw. */
#define KERAT_HOOK(Kind, Fn) \
    static f_report_hook kerat_hook_##Kind __attribute__((used, section(CR_HOOK_SECTION_STRINGIFY(Kind)))) = Fn

KERAT_HOOK(POST_TEST, kerat_on_test_end);
KERAT_HOOK(TEST_CRASH, kerat_on_test_end);
KERAT_HOOK(POST_SUITE, kerat_on_suite_end);
