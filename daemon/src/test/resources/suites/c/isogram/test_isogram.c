#include "test-framework/unity.h"
#include "isogram.h"

#include <stddef.h>

void setUp(void)
{
}

void tearDown(void)
{
}

static void test_empty_string(void)
{
   TEST_ASSERT_TRUE(is_isogram(""));
}

static void test_null(void)
{
   TEST_IGNORE();   // delete this line to run test
   TEST_ASSERT_FALSE(is_isogram(NULL));
}

static void test_lower_case_only(void)
{
   TEST_IGNORE();
   TEST_ASSERT_TRUE(is_isogram("isogram"));
}

static void test_duplicated_letter(void)
{
   TEST_IGNORE();
   TEST_ASSERT_FALSE(is_isogram("eleven"));
}

static void test_duplicated_letter_mixed_case(void)
{
   TEST_IGNORE();
   TEST_ASSERT_FALSE(is_isogram("Alphabet"));
}

static void test_hyphens_and_spaces(void)
{
   TEST_IGNORE();
   TEST_ASSERT_TRUE(is_isogram("six-year old"));
}

static void test_duplicated_hyphen(void)
{
   TEST_IGNORE();
   TEST_ASSERT_TRUE(is_isogram("thumbscrew-japingly"));
}

int main(void)
{
   UNITY_BEGIN();

   RUN_TEST(test_empty_string);
   RUN_TEST(test_null);
   RUN_TEST(test_lower_case_only);
   RUN_TEST(test_duplicated_letter);
   RUN_TEST(test_duplicated_letter_mixed_case);
   RUN_TEST(test_hyphens_and_spaces);
   RUN_TEST(test_duplicated_hyphen);

   return UNITY_END();
}
