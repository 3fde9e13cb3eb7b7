// Concept-exercise shape: the test includes the solution's source itself (there is no header), so the
// solution must not also be compiled on its own.
#include "shelf_label.cpp"
#ifdef EXERCISM_TEST_SUITE
#include <catch2/catch.hpp>
#else
#include "test/catch.hpp"
#endif

TEST_CASE("aisle and shelf make the code", "[task_1]") {
    REQUIRE(shelf_label::code("B", 3) == "B-3");
}

#if defined(EXERCISM_RUN_ALL_TESTS)
TEST_CASE("shelf five is a top shelf", "[task_2]") {
    REQUIRE(shelf_label::is_top_shelf(5));
}

TEST_CASE("shelf two is not a top shelf", "[task_2]") {
    REQUIRE_FALSE(shelf_label::is_top_shelf(2));
}
#endif
