// Tests mode, Catch2 v2 suites: included first (-include) into every test file of a suite that ships Catch2 v2's
// single header (test/catch.hpp, recognised by test-compile.sh), precompiled into the image (a GCC precompiled
// header next to it, see oci-bundles/cpp/image.json). The suite is compiled against Debian's Catch2 v3 instead:
// this defines the single header's include guard, so the shipped copy adds nothing,
// and the names v2 had where v3 moved them are brought back (Approx at global scope, Catch::Detail::Approx, the
// string matchers under their v2 names, Catch::Equals etc. through Catch::Matchers). Compiling v2's 18,000-line
// header (and its CATCH_CONFIG_MAIN runner) costs 30-60 s under gVisor; this costs a fraction of a second.
#ifndef KERAT_CATCH2_V2_HPP
#define KERAT_CATCH2_V2_HPP

// what v2's single header offered tests (not v3's reporters and benchmarks: less to load per test file)
#include <catch2/catch_approx.hpp>
#include <catch2/catch_session.hpp>
#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators_all.hpp>
#include <catch2/matchers/catch_matchers_all.hpp>

#include <cstddef>
#include <string>

#define TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
#define TWOBLUECUBES_CATCH_HPP_INCLUDED
// a shipped Catch2 v3 amalgamated header (catch_amalgamated.hpp) gets this prelude too
#define CATCH_AMALGAMATED_HPP_INCLUDED

namespace Catch {
namespace Detail {
using Catch::Approx;
} // namespace Detail

namespace Matchers {
// v2: Contains(std::string) was the substring matcher; v3 calls it ContainsSubstring and Contains(x) matches ranges.
// These overloads are exact matches (non-templates win over v3's Contains(T&&) on a tie), so strings keep v2's sense.
inline StringContainsMatcher Contains(std::string const &s, CaseSensitive cs = CaseSensitive::Yes) {
    return ContainsSubstring(s, cs);
}
inline StringContainsMatcher Contains(std::string &s, CaseSensitive cs = CaseSensitive::Yes) {
    return ContainsSubstring(s, cs);
}
inline StringContainsMatcher Contains(std::string &&s, CaseSensitive cs = CaseSensitive::Yes) {
    return ContainsSubstring(s, cs);
}
inline StringContainsMatcher Contains(char const *s, CaseSensitive cs = CaseSensitive::Yes) {
    return ContainsSubstring(s, cs);
}
template <std::size_t N>
StringContainsMatcher Contains(char const (&s)[N], CaseSensitive cs = CaseSensitive::Yes) {
    return ContainsSubstring(s, cs);
}
} // namespace Matchers

// v2 made every matcher reachable as Catch::Name.
using namespace Matchers;
} // namespace Catch

using Catch::Approx;

#endif
