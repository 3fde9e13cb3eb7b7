/*
 *  Catch v2.13.10
 *
 *  Stand-in for Catch2 v2's single header, written for Kerat's tests (the real header is not shipped here). It
 *  keeps only what identifies the single header: its banner and include guard. Kerat recognises the header and
 *  compiles the suite against Debian's Catch2 v3 instead, so nothing below the guard is ever read.
 */
#ifndef TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
#define TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED

#define CATCH_VERSION_MAJOR 2
#define CATCH_VERSION_MINOR 13
#define CATCH_VERSION_PATCH 10

#error "this stand-in for catch.hpp is not a test framework: the suite must be compiled against Catch2 v3"

#endif // TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
