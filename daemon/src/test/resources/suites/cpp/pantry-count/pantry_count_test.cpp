#include "pantry_count.h"
#ifdef EXERCISM_TEST_SUITE
#include <catch2/catch.hpp>
#else
#include "test/catch_amalgamated.hpp"
#endif

TEST_CASE("an empty pantry has no items") {
    REQUIRE(pantry_count::count({}).empty());
}

#if defined(EXERCISM_RUN_ALL_TESTS)
TEST_CASE("repeated items are counted") {
    const std::map<std::string, int> expected{{"flour", 2}, {"salt", 1}};
    REQUIRE(pantry_count::count({"flour", "salt", "flour"}) == expected);
}
#endif
