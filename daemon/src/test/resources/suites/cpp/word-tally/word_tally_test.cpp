#include "word_tally.h"
#ifdef EXERCISM_TEST_SUITE
#include <catch2/catch.hpp>
#else
#include "test/catch.hpp"
#endif

TEST_CASE("an empty text has no words", "[tally]") {
    REQUIRE(word_tally::tally("").empty());
}

#if defined(EXERCISM_RUN_ALL_TESTS)

TEST_CASE("words are counted case-insensitively", "[tally]") {
    const std::map<std::string, int> expected{{"one", 2}, {"two", 1}};
    REQUIRE(expected == word_tally::tally("One two ONE"));
}

TEST_CASE("punctuation separates words", "[tally]") {
    auto counts = word_tally::tally("go,go;stop!");
    SECTION("repeated word") { CHECK(counts["go"] == 2); }
    SECTION("single word") { CHECK(counts["stop"] == 1); }
}

#endif
