#include "leap.h"
#ifdef EXERCISM_TEST_SUITE
#include <catch2/catch.hpp>
#else
#include "test/catch.hpp"
#endif

TEST_CASE("year_not_divisible_by_4_is_common_year")
{
    REQUIRE(!leap::is_leap_year(2015));
}

#if defined(EXERCISM_RUN_ALL_TESTS)
TEST_CASE("year_divisible_by_2_not_divisible_by_4_is_common_year")
{
    REQUIRE(!leap::is_leap_year(1970));
}

TEST_CASE("year_divisible_by_4_not_divisible_by_100_is_leap_year")
{
    REQUIRE(leap::is_leap_year(1996));
}

TEST_CASE("year_divisible_by_4_and_5_is_still_a_leap_year")
{
    REQUIRE(leap::is_leap_year(1960));
}

TEST_CASE("year_divisible_by_100_not_divisible_by_400_is_common_year")
{
    REQUIRE(!leap::is_leap_year(2100));
}

TEST_CASE("year_divisible_by_100_but_not_by_3_is_still_not_a_leap_year")
{
    REQUIRE(!leap::is_leap_year(1900));
}

TEST_CASE("year_divisible_by_400_is_leap_year")
{
    REQUIRE(leap::is_leap_year(2000));
}

TEST_CASE("year_divisible_by_400_but_not_by_125_is_still_a_leap_year")
{
    REQUIRE(leap::is_leap_year(2400));
}

TEST_CASE("year_divisible_by_200_not_divisible_by_400_is_common_year")
{
    REQUIRE(!leap::is_leap_year(1800));
}
#endif
