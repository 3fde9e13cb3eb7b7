//  Catch v3.5.2
//
//  Stand-in for Catch2 v3's amalgamated header, written for Kerat's tests (the real one is not shipped here): it
//  keeps only the include guard that identifies it. Kerat compiles the suite against Debian's Catch2 v3, so nothing
//  below the guard is ever read.
#ifndef CATCH_AMALGAMATED_HPP_INCLUDED
#define CATCH_AMALGAMATED_HPP_INCLUDED

#error "this stand-in for catch_amalgamated.hpp is not a test framework: the suite must be compiled against Catch2 v3"

#endif // CATCH_AMALGAMATED_HPP_INCLUDED
