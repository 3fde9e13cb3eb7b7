/* A small Unity-compatible test framework written for Kerat's tests (see unity_internals.h). */
#ifndef KERAT_MINI_UNITY_H
#define KERAT_MINI_UNITY_H

#include "unity_internals.h"

void setUp(void);
void tearDown(void);

#define UNITY_BEGIN() (UnityBegin(__FILE__), 0)
#define UNITY_END() UnityEnd()
#define RUN_TEST(func) UnityDefaultTestRun(func, #func, __LINE__)

#define TEST_PASS() UnityPass(__LINE__)
#define TEST_FAIL() UnityFail(NULL, __LINE__)
#define TEST_FAIL_MESSAGE(m) UnityFail((m), __LINE__)
#define TEST_IGNORE() UnityIgnore(NULL, __LINE__)
#define TEST_IGNORE_MESSAGE(m) UnityIgnore((m), __LINE__)

#define TEST_ASSERT_MESSAGE(c, m) UnityAssertTrue((c) ? 1 : 0, " Expression Evaluated To FALSE", (m), __LINE__)
#define TEST_ASSERT(c) TEST_ASSERT_MESSAGE(c, NULL)
#define TEST_ASSERT_TRUE_MESSAGE(c, m) UnityAssertTrue((c) ? 1 : 0, " Expected TRUE Was FALSE", (m), __LINE__)
#define TEST_ASSERT_TRUE(c) TEST_ASSERT_TRUE_MESSAGE(c, NULL)
#define TEST_ASSERT_FALSE_MESSAGE(c, m) UnityAssertTrue((c) ? 0 : 1, " Expected FALSE Was TRUE", (m), __LINE__)
#define TEST_ASSERT_FALSE(c) TEST_ASSERT_FALSE_MESSAGE(c, NULL)
#define TEST_ASSERT_NULL(p) UnityAssertTrue((p) == NULL, " Expected NULL", NULL, __LINE__)
#define TEST_ASSERT_NOT_NULL(p) UnityAssertTrue((p) != NULL, " Expected Non-NULL", NULL, __LINE__)

#define TEST_ASSERT_EQUAL_INT_MESSAGE(e, a, m) UnityAssertEqualInt((long long)(e), (long long)(a), (m), __LINE__)
#define TEST_ASSERT_EQUAL_INT(e, a) TEST_ASSERT_EQUAL_INT_MESSAGE(e, a, NULL)
#define TEST_ASSERT_EQUAL_MESSAGE(e, a, m) TEST_ASSERT_EQUAL_INT_MESSAGE(e, a, m)
#define TEST_ASSERT_EQUAL(e, a) TEST_ASSERT_EQUAL_INT(e, a)
#define TEST_ASSERT_EQUAL_INT8(e, a) TEST_ASSERT_EQUAL_INT(e, a)
#define TEST_ASSERT_EQUAL_INT16(e, a) TEST_ASSERT_EQUAL_INT(e, a)
#define TEST_ASSERT_EQUAL_INT32(e, a) TEST_ASSERT_EQUAL_INT(e, a)
#define TEST_ASSERT_EQUAL_INT64(e, a) TEST_ASSERT_EQUAL_INT(e, a)
#define TEST_ASSERT_EQUAL_CHAR(e, a) TEST_ASSERT_EQUAL_INT(e, a)
#define TEST_ASSERT_NOT_EQUAL(e, a) UnityAssertTrue((e) != (a), " Expected Not-Equal", NULL, __LINE__)
#define TEST_ASSERT_EQUAL_UINT_MESSAGE(e, a, m) \
    UnityAssertEqualUint((unsigned long long)(e), (unsigned long long)(a), (m), __LINE__)
#define TEST_ASSERT_EQUAL_UINT(e, a) TEST_ASSERT_EQUAL_UINT_MESSAGE(e, a, NULL)
#define TEST_ASSERT_EQUAL_UINT8(e, a) TEST_ASSERT_EQUAL_UINT(e, a)
#define TEST_ASSERT_EQUAL_UINT16(e, a) TEST_ASSERT_EQUAL_UINT(e, a)
#define TEST_ASSERT_EQUAL_UINT32(e, a) TEST_ASSERT_EQUAL_UINT(e, a)
#define TEST_ASSERT_EQUAL_UINT64(e, a) TEST_ASSERT_EQUAL_UINT(e, a)
#define TEST_ASSERT_EQUAL_size_t(e, a) TEST_ASSERT_EQUAL_UINT(e, a)
#define TEST_ASSERT_GREATER_THAN(t, a) UnityAssertTrue((a) > (t), " Expected Greater Than Threshold", NULL, __LINE__)
#define TEST_ASSERT_LESS_THAN(t, a) UnityAssertTrue((a) < (t), " Expected Less Than Threshold", NULL, __LINE__)
#define TEST_ASSERT_EQUAL_STRING_MESSAGE(e, a, m) UnityAssertEqualString((e), (a), (m), __LINE__)
#define TEST_ASSERT_EQUAL_STRING(e, a) TEST_ASSERT_EQUAL_STRING_MESSAGE(e, a, NULL)
#define TEST_ASSERT_EQUAL_PTR(e, a) UnityAssertEqualPtr((const void *)(e), (const void *)(a), NULL, __LINE__)
#define TEST_ASSERT_EQUAL_MEMORY(e, a, n) UnityAssertEqualMemory((e), (a), (n), NULL, __LINE__)
#define TEST_ASSERT_DOUBLE_WITHIN(d, e, a) UnityAssertWithinDouble((d), (e), (a), NULL, __LINE__)
#define TEST_ASSERT_FLOAT_WITHIN(d, e, a) UnityAssertWithinDouble((d), (e), (a), NULL, __LINE__)
#define TEST_ASSERT_EQUAL_DOUBLE(e, a) UnityAssertWithinDouble(1e-12 * ((e) < 0 ? -(e) : (e)) + 1e-300, (e), (a), NULL, __LINE__)
#define TEST_ASSERT_EQUAL_FLOAT(e, a) UnityAssertWithinDouble(1e-5 * ((e) < 0 ? -(e) : (e)) + 1e-30, (e), (a), NULL, __LINE__)

/* arrays: the elements are compared as values of their own type */
#define KERAT_UNITY_ARRAY(e, a, n, m)                                                                          \
    do {                                                                                                       \
        size_t kerat_i_;                                                                                       \
        for (kerat_i_ = 0; kerat_i_ < (size_t)(n); kerat_i_++) {                                               \
            if ((e)[kerat_i_] != (a)[kerat_i_]) {                                                              \
                UnityAssertEqualInt((long long)(e)[kerat_i_], (long long)(a)[kerat_i_],                        \
                                    (m) ? (m) : "Array element differs", __LINE__);                            \
            }                                                                                                  \
        }                                                                                                      \
    } while (0)
#define TEST_ASSERT_EQUAL_INT_ARRAY(e, a, n) KERAT_UNITY_ARRAY(e, a, n, NULL)
#define TEST_ASSERT_EQUAL_INT_ARRAY_MESSAGE(e, a, n, m) KERAT_UNITY_ARRAY(e, a, n, m)
#define TEST_ASSERT_EQUAL_UINT_ARRAY(e, a, n) KERAT_UNITY_ARRAY(e, a, n, NULL)
#define TEST_ASSERT_EQUAL_UINT8_ARRAY(e, a, n) KERAT_UNITY_ARRAY(e, a, n, NULL)
#define TEST_ASSERT_EQUAL_UINT16_ARRAY(e, a, n) KERAT_UNITY_ARRAY(e, a, n, NULL)
#define TEST_ASSERT_EQUAL_UINT32_ARRAY(e, a, n) KERAT_UNITY_ARRAY(e, a, n, NULL)
#define TEST_ASSERT_EQUAL_INT8_ARRAY(e, a, n) KERAT_UNITY_ARRAY(e, a, n, NULL)
#define TEST_ASSERT_EQUAL_CHAR_ARRAY(e, a, n) KERAT_UNITY_ARRAY(e, a, n, NULL)

#endif
