/*
 * Tests mode, Unity (and Unity-compatible frameworks shipped with the tests, e.g. exercism's test-framework/unity.c):
 * test-compile.sh compiles every test-side file with -D'UNITY_OUTPUT_CHAR(a)=kerat_unity_putc(a)' (and the header
 * declaration Unity asks for), so every character Unity prints comes here instead of going to putchar directly.
 * It is still printed on stdout (the run's stdout reads as usual), and Unity's own lines are parsed here, from a
 * stream the code under test cannot write to: a student's printf("x.c:1:test:PASS\n") goes to stdout only and
 * never becomes a result. Each result line ("file:line:name:PASS", "...:FAIL: message", "...:IGNORE[: message]")
 * is appended to /kerat/out/results.jsonl as one JSON line as soon as Unity prints it, so a run killed at a limit
 * keeps the tests that finished. Unity prints no durations: a test's duration is the time since the previous one.
 * A test that crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) ends the whole program: a signal handler first
 * appends that test as "errored", named from Unity's global state (Unity.CurrentTestName: the second member of
 * Unity's UNITY_STORAGE_T in every Unity version; a weak reference, so a Unity-like framework without it links),
 * then lets the signal kill the program as before.
 * Every symbol but kerat_unity_putc is static. The results file is opened, written and closed through syscall(),
 * never through open()/write()/close(): the code under test may define functions of those names (exercism's
 * circular-buffer defines its own read() and write()), which the linker would otherwise call from here.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define KERAT_RESULTS "/kerat/out/results.jsonl"
#define KERAT_LINE_MAX 65536

static char kerat_line[KERAT_LINE_MAX];
static size_t kerat_len;
static int kerat_overflow;
static struct timespec kerat_last;
static int kerat_started;
static pid_t kerat_pid;

static long long kerat_ms_since_last(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ms = kerat_started ? (now.tv_sec - kerat_last.tv_sec) * 1000LL
                                       + (now.tv_nsec - kerat_last.tv_nsec) / 1000000LL : 0;
    kerat_last = now;
    kerat_started = 1;
    return ms < 0 ? 0 : ms;
}

/* Appends s[0..n) as the inside of a JSON string to out (capacity cap, at least 6*n+1 free is not assumed). */
static size_t kerat_escape(char *out, size_t pos, size_t cap, const char *s, size_t n)
{
    for (size_t i = 0; i < n && pos + 7 < cap; i++) {
        unsigned char c = (unsigned char) s[i];
        if (c == '"' || c == '\\') {
            out[pos++] = '\\';
            out[pos++] = (char) c;
        } else if (c < 0x20 || c == 0x7f) {
            pos += (size_t) snprintf(out + pos, cap - pos, "\\u%04x", c);
        } else if (c >= 0x80) {
            /* Unity escapes non-ASCII itself (\x..); a stray byte here would make the line invalid UTF-8 */
            pos += (size_t) snprintf(out + pos, cap - pos, "\\u%04x", 0xfffd);
        } else {
            out[pos++] = (char) c;
        }
    }
    return pos;
}

static void kerat_write_all(const char *data, size_t len)
{
    int fd = (int) syscall(SYS_openat, AT_FDCWD, KERAT_RESULTS, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        return;
    }
    while (len > 0) {
        ssize_t n = (ssize_t) syscall(SYS_write, fd, data, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        data += n;
        len -= (size_t) n;
    }
    syscall(SYS_close, fd);
}

/* "file:line:name:STATUS[:message]": the first place where ":PASS", ":FAIL" or ":IGNORE" ends the status word
   and is preceded by ":<digits>:<name>". */
static void kerat_parse(const char *s, size_t n)
{
    static const char *const words[] = { "PASS", "FAIL", "IGNORE" };
    static const char *const statuses[] = { "passed", "failed", "skipped" };
    for (size_t p = 0; p < n; p++) {
        if (s[p] != ':') {
            continue;
        }
        for (int w = 0; w < 3; w++) {
            size_t wl = strlen(words[w]);
            if (p + 1 + wl > n || memcmp(s + p + 1, words[w], wl) != 0) {
                continue;
            }
            size_t after = p + 1 + wl;
            if (after != n && s[after] != ':') {
                continue;
            }
            /* name: back to the previous ':' */
            size_t q = p;
            while (q > 0 && s[q - 1] != ':') {
                q--;
            }
            if (q == 0 || q == p) {
                continue;
            }
            size_t name_start = q, name_len = p - q;
            size_t d = q - 1; /* the ':' before the name */
            size_t e = d;
            while (e > 0 && s[e - 1] >= '0' && s[e - 1] <= '9') {
                e--;
            }
            if (e == d || e == 0 || s[e - 1] != ':') {
                continue;
            }
            size_t file_len = e - 1;
            const char *msg = after < n ? s + after + 1 : NULL;
            size_t msg_len = after < n ? n - after - 1 : 0;
            while (msg && msg_len > 0 && *msg == ' ') {
                msg++;
                msg_len--;
            }
            static char out[KERAT_LINE_MAX * 7 + 256];
            size_t pos = 0, cap = sizeof out;
            pos += (size_t) snprintf(out, cap, "{\"name\":\"");
            pos = kerat_escape(out, pos, cap, s + name_start, name_len);
            pos += (size_t) snprintf(out + pos, cap - pos, "\",\"status\":\"%s\",\"message\":", statuses[w]);
            if (w == 1) {
                /* where it failed: Unity prints the failing assertion's line */
                out[pos++] = '"';
                pos = kerat_escape(out, pos, cap, s, file_len);
                pos = kerat_escape(out, pos, cap, ":", 1);
                pos = kerat_escape(out, pos, cap, s + e, d - e);
                if (msg_len > 0) {
                    pos = kerat_escape(out, pos, cap, ": ", 2);
                    pos = kerat_escape(out, pos, cap, msg, msg_len);
                }
                out[pos++] = '"';
            } else if (msg_len > 0) {
                out[pos++] = '"';
                pos = kerat_escape(out, pos, cap, msg, msg_len);
                out[pos++] = '"';
            } else {
                pos += (size_t) snprintf(out + pos, cap - pos, "null");
            }
            pos += (size_t) snprintf(out + pos, cap - pos, ",\"duration_ms\":%lld}\n", kerat_ms_since_last());
            kerat_write_all(out, pos);
            return;
        }
    }
}

/* Unity's state: only its first two members are read */
struct kerat_unity_storage {
    const char *TestFile;
    const char *CurrentTestName;
};
extern struct kerat_unity_storage Unity __attribute__((weak));

static void kerat_on_crash(int sig)
{
    static char out[4096];
    const char *name = &Unity != NULL ? Unity.CurrentTestName : NULL;
    if (name != NULL && getpid() == kerat_pid) {
        size_t pos = (size_t) snprintf(out, sizeof out, "{\"name\":\"");
        pos = kerat_escape(out, pos, sizeof out - 160, name, strnlen(name, 1024));
        pos += (size_t) snprintf(out + pos, sizeof out - pos,
                                 "\",\"status\":\"errored\",\"message\":\"the test crashed: signal %d (%s)\","
                                 "\"duration_ms\":0}\n", sig,
                                 sig == SIGSEGV ? "segmentation fault" : sig == SIGBUS ? "bus error"
                                 : sig == SIGFPE ? "arithmetic exception" : sig == SIGILL ? "illegal instruction"
                                 : "aborted");
        kerat_write_all(out, pos);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

__attribute__((constructor)) static void kerat_unity_start(void)
{
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
    kerat_pid = getpid();
    kerat_ms_since_last();
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = kerat_on_crash;
        sa.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigaction(sigs[i], &sa, NULL);
    }
}

void kerat_unity_putc(int c)
{
    putchar(c);
    if (getpid() != kerat_pid) {
        return; /* a child forked by the code under test */
    }
    if (c == '\n') {
        fflush(stdout);
        if (!kerat_overflow) {
            kerat_parse(kerat_line, kerat_len);
        }
        kerat_len = 0;
        kerat_overflow = 0;
    } else if (kerat_len < KERAT_LINE_MAX) {
        kerat_line[kerat_len++] = (char) c;
    } else {
        kerat_overflow = 1;
    }
}
