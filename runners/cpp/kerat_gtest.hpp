// Tests mode, GoogleTest suites: included first (-include) into every test file, precompiled into the image (a GCC
// precompiled header next to it, see image-setup.sh): gtest.h parsed once instead of in every compile (about three
// quarters of a small test file's compile time). Not gmock.h: its PCH would add another 115 MB to the image.
#ifndef KERAT_GTEST_HPP
#define KERAT_GTEST_HPP
#include <gtest/gtest.h>
#endif
