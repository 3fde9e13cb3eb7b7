/* A small Unity-compatible test framework written for Kerat's tests (see unity_internals.h). It prints each test
   as "file:line:name:PASS", "file:line:name:FAIL: details" or "file:line:name:IGNORE[: message]", then a summary,
   every character through UNITY_OUTPUT_CHAR. */
#include "unity.h"

#include <stdio.h>
#include <string.h>

struct UNITY_STORAGE_T Unity;

static void put(const char *s)
{
    if (s == NULL) {
        s = "NULL";
    }
    for (; *s; s++) {
        unsigned char c = (unsigned char) *s;
        if (c == '\n') {
            UNITY_OUTPUT_CHAR('\\');
            UNITY_OUTPUT_CHAR('n');
        } else if (c < 0x20 || c >= 0x7f) {
            char hex[8];
            snprintf(hex, sizeof hex, "\\x%02X", c);
            for (const char *h = hex; *h; h++) {
                UNITY_OUTPUT_CHAR(*h);
            }
        } else {
            UNITY_OUTPUT_CHAR((int) c);
        }
    }
}

static void put_num(long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    put(buf);
}

static void put_unum(unsigned long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", v);
    put(buf);
}

static void begin_line(int line)
{
    put(Unity.TestFile);
    UNITY_OUTPUT_CHAR(':');
    put_num(line);
    UNITY_OUTPUT_CHAR(':');
    put(Unity.CurrentTestName);
    UNITY_OUTPUT_CHAR(':');
}

static void fail_begin(int line)
{
    begin_line(line);
    put("FAIL");
}

static void fail_end(const char *message)
{
    if (message != NULL) {
        put(" ");
        put(message);
    }
    UNITY_OUTPUT_CHAR('\n');
    Unity.CurrentTestFailed = 1;
    longjmp(Unity.AbortFrame, 1);
}

void UnityBegin(const char *filename)
{
    memset(&Unity, 0, sizeof Unity);
    Unity.TestFile = filename;
}

int UnityEnd(void)
{
    UNITY_OUTPUT_CHAR('\n');
    put("-----------------------");
    UNITY_OUTPUT_CHAR('\n');
    put_unum(Unity.NumberOfTests);
    put(" Tests ");
    put_unum(Unity.TestFailures);
    put(" Failures ");
    put_unum(Unity.TestIgnores);
    put(" Ignored");
    UNITY_OUTPUT_CHAR('\n');
    put(Unity.TestFailures == 0 ? "OK" : "FAIL");
    UNITY_OUTPUT_CHAR('\n');
    return (int) Unity.TestFailures;
}

void UnityDefaultTestRun(UnityTestFunction func, const char *name, int line)
{
    Unity.CurrentTestName = name;
    Unity.CurrentTestLineNumber = (unsigned long) line;
    Unity.CurrentTestFailed = 0;
    Unity.CurrentTestIgnored = 0;
    Unity.NumberOfTests++;
    if (setjmp(Unity.AbortFrame) == 0) {
        setUp();
        func();
    }
    if (setjmp(Unity.AbortFrame) == 0) {
        tearDown();
    }
    if (Unity.CurrentTestIgnored) {
        Unity.TestIgnores++;
    } else if (Unity.CurrentTestFailed) {
        Unity.TestFailures++;
    } else {
        begin_line(line);
        put("PASS");
        UNITY_OUTPUT_CHAR('\n');
    }
}

void UnityFail(const char *message, int line)
{
    fail_begin(line);
    if (message != NULL) {
        UNITY_OUTPUT_CHAR(':');
        put(message);
    }
    fail_end(NULL);
}

void UnityIgnore(const char *message, int line)
{
    begin_line(line);
    put("IGNORE");
    if (message != NULL) {
        put(": ");
        put(message);
    }
    UNITY_OUTPUT_CHAR('\n');
    Unity.CurrentTestIgnored = 1;
    longjmp(Unity.AbortFrame, 1);
}

void UnityPass(int line)
{
    (void) line;
    longjmp(Unity.AbortFrame, 1);
}

void UnityAssertTrue(int condition, const char *expr_message, const char *message, int line)
{
    if (condition) {
        return;
    }
    fail_begin(line);
    UNITY_OUTPUT_CHAR(':');
    put(expr_message);
    fail_end(message);
}

void UnityAssertEqualInt(long long expected, long long actual, const char *message, int line)
{
    if (expected == actual) {
        return;
    }
    fail_begin(line);
    put(": Expected ");
    put_num(expected);
    put(" Was ");
    put_num(actual);
    fail_end(message);
}

void UnityAssertEqualUint(unsigned long long expected, unsigned long long actual, const char *message, int line)
{
    if (expected == actual) {
        return;
    }
    fail_begin(line);
    put(": Expected ");
    put_unum(expected);
    put(" Was ");
    put_unum(actual);
    fail_end(message);
}

void UnityAssertEqualString(const char *expected, const char *actual, const char *message, int line)
{
    if (expected == actual || (expected != NULL && actual != NULL && strcmp(expected, actual) == 0)) {
        return;
    }
    fail_begin(line);
    put(": Expected \"");
    put(expected);
    put("\" Was \"");
    put(actual);
    put("\"");
    fail_end(message);
}

void UnityAssertWithinDouble(double delta, double expected, double actual, const char *message, int line)
{
    double diff = expected - actual;
    if (diff < 0) {
        diff = -diff;
    }
    if (diff <= delta) {
        return;
    }
    char buf[96];
    fail_begin(line);
    snprintf(buf, sizeof buf, ": Expected %.6g Was %.6g", expected, actual);
    put(buf);
    fail_end(message);
}

void UnityAssertEqualPtr(const void *expected, const void *actual, const char *message, int line)
{
    if (expected == actual) {
        return;
    }
    char buf[96];
    fail_begin(line);
    snprintf(buf, sizeof buf, ": Expected %p Was %p", expected, actual);
    put(buf);
    fail_end(message);
}

void UnityAssertEqualMemory(const void *expected, const void *actual, size_t len, const char *message, int line)
{
    if (expected == actual || (expected != NULL && actual != NULL && memcmp(expected, actual, len) == 0)) {
        return;
    }
    fail_begin(line);
    put(": Memory Mismatch");
    fail_end(message);
}
