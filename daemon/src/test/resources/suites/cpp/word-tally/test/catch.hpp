/*
 *  Catch v2.13.10
 *
 *  Stand-in for Catch2 v2's single header, written for Kerat's tests (the real header is not shipped here). Besides
 *  the banner and include guard it has what made the real header break the link: like Catch2 v2, it defines main()
 *  and names CATCH_CONFIG_RUNNER behind its configuration macros. Kerat recognises the header and compiles the
 *  suite against Debian's Catch2 v3 instead, so nothing below the guard is ever read, and the framework's main
 *  must still be linked.
 */
#ifndef TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
#define TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED

#define CATCH_VERSION_MAJOR 2
#define CATCH_VERSION_MINOR 13
#define CATCH_VERSION_PATCH 10

#error "this stand-in for catch.hpp is not a test framework: the suite must be compiled against Catch2 v3"

#if defined(CATCH_CONFIG_MAIN) && !defined(CATCH_CONFIG_RUNNER)
// a real single header's own main(), for CATCH_CONFIG_MAIN
int main (int argc, char * argv[]) {
    (void) argc;
    (void) argv;
    return 0;
}
#endif

#endif // TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
