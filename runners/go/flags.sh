# Shared by the Go scripts and prebuild.sh (sourced): the build flags of every compile. The image's build cache is
# compiled with exactly these (a different flag is a different cache key: everything would compile again). No DWARF
# (smaller objects, faster compiles and links; stack traces and t.Errorf's file:line come from the pc tables, not
# from DWARF), no symbol table in the binaries.
KERAT_GO_BUILDFLAGS="-gcflags=all=-dwarf=false -ldflags=-s"
