/* Double-precision checks: the makefile's -DUNITY_INCLUDE_DOUBLE must be in effect without the makefile. */
#include "test-framework/unity.h"
#include "orbit_period.h"

void setUp(void)
{
}

void tearDown(void)
{
}

static void test_one_earth_year(void)
{
   TEST_ASSERT_DOUBLE_WITHIN(1e-9, 1.0, orbit_years(31557600.0, 1.0));
}

static void test_a_slower_planet(void)
{
   TEST_IGNORE();   // delete this line to run test
   TEST_ASSERT_DOUBLE_WITHIN(1e-9, 0.5, orbit_years(31557600.0, 2.0));
}

int main(void)
{
   UNITY_BEGIN();

   RUN_TEST(test_one_earth_year);
   RUN_TEST(test_a_slower_planet);

   return UNITY_END();
}
