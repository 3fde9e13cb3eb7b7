/* The test includes the solution's source (it has no header of its own), so the solution is compiled as part
   of this file only; compiling it on its own too would define tally() twice. */
#include "test-framework/unity.h"
#include "tally_marks.c"

void setUp(void)
{
}

void tearDown(void)
{
}

static void test_zero_is_no_marks(void)
{
   char out[16];
   TEST_ASSERT_EQUAL_INT(0, tally(0, out, sizeof out));
   TEST_ASSERT_EQUAL_STRING("", out);
}

static void test_every_fifth_mark_is_a_slash(void)
{
   TEST_IGNORE();   // delete this line to run test
   char out[16];
   TEST_ASSERT_EQUAL_INT(6, tally(6, out, sizeof out));
   TEST_ASSERT_EQUAL_STRING("||||/|", out);
}

static void test_negative_is_an_error(void)
{
   TEST_IGNORE();
   char out[4];
   TEST_ASSERT_EQUAL_INT(-1, tally(-2, out, sizeof out));
}

int main(void)
{
   UNITY_BEGIN();

   RUN_TEST(test_zero_is_no_marks);
   RUN_TEST(test_every_fifth_mark_is_a_slash);
   RUN_TEST(test_negative_is_an_error);

   return UNITY_END();
}
