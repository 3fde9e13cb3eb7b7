//  Catch v3.5.2
//
//  Stand-in for Catch2 v3's amalgamated implementation, written for Kerat's tests. Like the real file it defines
//  main() unless CATCH_AMALGAMATED_CUSTOM_MAIN is set; Kerat never compiles it (Catch2's own main is linked).
#include "catch_amalgamated.hpp"

#if !defined(CATCH_AMALGAMATED_CUSTOM_MAIN)
int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    return 1;
}
#endif
