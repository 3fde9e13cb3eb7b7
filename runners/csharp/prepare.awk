# Run by prepare.sh as: awk -f prepare.awk -v n=N -v usings=... -v tests=... -v detect=0|1 FILES... FILES...
# (every .cs file twice: pass 1 reads them all, pass 2 writes the rewritten copies /tmp/kerat-src-<i>.cs;
# "tests" is KERAT_TEST_FILES, colon-separated).
# One process does what needs a look at every file, because under gVisor's ptrace platform each process started
# costs about 0.1 s of CPU:
# - pass 1: collects "global using X;" lines (they apply to every file) and, with detect=1, looks for the test
#   framework in the test files (names in "tests"): xUnit, or else NUnit, MSTest or TUnit, which
#   Kerat cannot run: then it says so on stderr and exits 3 before writing anything;
# - pass 2: each copy starts with one line of usings (the implicit ones, then the global ones) and
#   '#line 1 "/workspace/NAME"', so every later line keeps its number and file name in messages and stack traces;
#   a file-scoped "namespace X;" becomes "namespace X {" with "}" at the end; "global using" lines become
#   comments; "#nullable" lines are blanked.
# Exit status: 0, or 10 when a copy may hold C# 8/9 syntax that modern.sed rewrites (prepare.sh runs sed only then).
BEGIN {
    file = 0
    pass = 1
    k = split(tests, t, ":")
    for (i = 1; i <= k; i++) {
        if (t[i] != "") {
            istest[t[i]] = 1
        }
    }
}
FNR == 1 {
    if (pass == 2) {
        finish()
    }
    file++
    if (file == n + 1) {
        pass = 2
        decide()
    }
    if (pass == 2) {
        out = "/tmp/kerat-src-" (file - n) ".cs"
        name = FILENAME
        gsub(/"/, "_", name)
        print usings " " globals > out
        print "#line 1 \"/workspace/" name "\"" > out
        ns = 0
    }
    sub(/^\357\273\277/, "")
}
pass == 1 {
    if ($0 ~ /^[ \t]*global[ \t]+using[ \t].*;/) {
        g = $0
        sub(/^[ \t]*global[ \t]+/, "", g)
        sub(/;.*$/, ";", g)
        globals = globals " " g
    }
    if (detect && (FILENAME in istest)) {
        if ($0 ~ /^[ \t]*(global[ \t]+)?using[ \t]+Xunit[ \t]*;/ || $0 ~ /\[(Fact|Theory)[](]/) {
            xunit = 1
        } else if ($0 ~ /using[ \t]+NUnit\.Framework/ || $0 ~ /\[(TestFixture|Test|TestCase)[](]/) {
            if (other == "") other = "NUnit"
        } else if ($0 ~ /Microsoft\.VisualStudio\.TestTools\.UnitTesting/ || $0 ~ /\[TestMethod[](]/) {
            if (other == "") other = "MSTest"
        } else if ($0 ~ /using[ \t]+TUnit/) {
            if (other == "") other = "TUnit"
        }
    }
    next
}
{
    line = $0
    if (!ns && line ~ /^[ \t]*namespace[ \t]+[A-Za-z_@][A-Za-z0-9_.]*[ \t]*;[ \t]*(\/\/.*)?\r?$/) {
        sub(/;/, " {", line)
        ns = 1
    } else if (line ~ /^[ \t]*global[ \t]+using[ \t]/) {
        line = "// " line
    } else if (line ~ /^[ \t]*#[ \t]*nullable/) {
        line = ""
    }
    if (!modern && (line ~ /(string|object|dynamic)(\[\])?\?/ || line ~ /\?\?=/ || line ~ /is[ \t]+not[ \t]+null/ \
                    || line ~ /init[ \t]*[;{=]/ || line ~ /=[ \t]*new[ \t]*\(/)) {
        modern = 1
    }
    print line > out
}
function finish() {
    if (ns) {
        print "}" > out
    }
    close(out)
}
function decide() {
    if (detect && !xunit && other != "") {
        print "the tests are written for " other ", which Kerat's C# runner does not support: it runs xUnit tests (framework \"xunit\": [Fact], [Theory], Assert.*); NUnit and MSTest are not packaged in Debian" > "/dev/stderr"
        failed = 3
        exit 3
    }
}
END {
    if (failed) {
        exit failed
    }
    if (pass == 1) {
        decide()
    }
    if (pass == 2) {
        finish()
    }
    exit modern ? 10 : 0
}
