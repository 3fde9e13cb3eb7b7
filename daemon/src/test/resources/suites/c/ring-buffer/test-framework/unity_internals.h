/* A small Unity-compatible test framework written for Kerat's tests (same macros and output format as
   ThrowTheSwitch's Unity for the subset exercism's C exercises use; not Unity's code). */
#ifndef KERAT_MINI_UNITY_INTERNALS_H
#define KERAT_MINI_UNITY_INTERNALS_H

#include <setjmp.h>
#include <stddef.h>

#ifndef UNITY_OUTPUT_CHAR
#include <stdio.h>
#define UNITY_OUTPUT_CHAR(a) (void)putchar(a)
#else
#ifdef UNITY_OUTPUT_CHAR_HEADER_DECLARATION
extern void UNITY_OUTPUT_CHAR_HEADER_DECLARATION;
#endif
#endif

typedef void (*UnityTestFunction)(void);

struct UNITY_STORAGE_T {
    const char *TestFile;
    const char *CurrentTestName;
    unsigned long CurrentTestLineNumber;
    unsigned long NumberOfTests;
    unsigned long TestFailures;
    unsigned long TestIgnores;
    int CurrentTestFailed;
    int CurrentTestIgnored;
    jmp_buf AbortFrame;
};
extern struct UNITY_STORAGE_T Unity;

void UnityBegin(const char *filename);
int UnityEnd(void);
void UnityDefaultTestRun(UnityTestFunction func, const char *name, int line);
void UnityFail(const char *message, int line);
void UnityIgnore(const char *message, int line);
void UnityPass(int line);
void UnityAssertTrue(int condition, const char *expr_message, const char *message, int line);
void UnityAssertEqualInt(long long expected, long long actual, const char *message, int line);
void UnityAssertEqualUint(unsigned long long expected, unsigned long long actual, const char *message, int line);
void UnityAssertEqualString(const char *expected, const char *actual, const char *message, int line);
void UnityAssertWithinDouble(double delta, double expected, double actual, const char *message, int line);
void UnityAssertEqualPtr(const void *expected, const void *actual, const char *message, int line);
void UnityAssertEqualMemory(const void *expected, const void *actual, size_t len, const char *message, int line);

#define UNITY_LINE_TYPE int
#endif
