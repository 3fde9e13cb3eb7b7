// Tests mode, Catch2 v3 suites: included first (-include) into every test file, precompiled into the image (a GCC
// precompiled header next to it, see oci-bundles/cpp/image.json): what nearly every Catch2 test uses (the test
// macros, Approx, all matchers, generators), parsed once. A test file's other Catch2 headers are read as usual.
#ifndef KERAT_CATCH2_HPP
#define KERAT_CATCH2_HPP
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators_all.hpp>
#include <catch2/matchers/catch_matchers_all.hpp>

#include <string>
#include <vector>

#endif
