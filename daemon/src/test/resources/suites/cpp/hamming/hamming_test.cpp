#include "hamming.h"
#ifdef EXERCISM_TEST_SUITE
#include <catch2/catch.hpp>
#else
#include "test/catch.hpp"
#endif

TEST_CASE("empty_strands")
{
    REQUIRE(0 == hamming::compute("", ""));
}

#if defined(EXERCISM_RUN_ALL_TESTS)
TEST_CASE("single_letter_identical_strands")
{
    REQUIRE(0 == hamming::compute("A", "A"));
}

TEST_CASE("single_letter_different_strands")
{
    REQUIRE(1 == hamming::compute("G", "T"));
}

TEST_CASE("long_identical_strands")
{
    REQUIRE(0 == hamming::compute("GGACTGAAATCTG", "GGACTGAAATCTG"));
}

TEST_CASE("long_different_strands")
{
    REQUIRE(9 == hamming::compute("GGACGGATTCTG", "AGGACGGATTCT"));
}

TEST_CASE("disallow_first_strand_longer")
{
    REQUIRE_THROWS_AS(hamming::compute("AATG", "AAA"), std::domain_error);
}

TEST_CASE("disallow_second_strand_longer")
{
    REQUIRE_THROWS_AS(hamming::compute("ATA", "AGTG"), std::domain_error);
}

TEST_CASE("disallow_empty_first_strand")
{
    REQUIRE_THROWS_AS(hamming::compute("", "G"), std::domain_error);
}
#endif
