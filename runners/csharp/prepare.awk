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
#   switch expressions whose arms are one per line with constant, relational, null, or/and patterns become
#   conditional chains (see sw_* below); the file's lines are kept until its end, then rewrite.awk's rw_file()
#   rewrites null-forgiving "!", nullable annotations on reference types and collection expressions;
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
        nbuf = 0
    }
    sub(/^\357\273\277/, "")
}
pass == 1 {
    if ($0 ~ /(class|interface|record)[ \t]/) {
        rw_types($0)
    }
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
    if (sw_n > 0) {
        sw_buf[++sw_n] = line
        if (line ~ /^[ \t]*\}/) {
            sw_flush(sw_convert())
        } else if (sw_n > 200 || line ~ /[ \t]switch[ \t]*(\{[ \t]*)?$/) {
            sw_flush(0)
        }
        next
    }
    if (sw_start(line)) {
        sw_n = 1
        sw_buf[1] = line
        next
    }
    if (!modern && (line ~ /(string|object|dynamic)(\[\])?\?/ || line ~ /\?\?=/ || line ~ /is[ \t]+not[ \t]+null/ \
                    || line ~ /init[ \t]*[;{=]/ || line ~ /=[ \t]*new[ \t]*\(/)) {
        modern = 1
    }
    buf[++nbuf] = line
}
function finish(    i) {
    if (sw_n > 0) {
        sw_flush(0)
    }
    nbuf = rw_file(buf, nbuf, file - n)
    for (i = 1; i <= nbuf; i++) print buf[i] > out
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

# --- switch expressions (C# 8) -> conditional chains, same line count ---
# A line ending in "EXPR switch" (or "EXPR switch {") starts one; the arms follow one per line ("PATTERN => VALUE,"),
# up to a line starting with "}". Patterns: constants, _, null, not null, relational (> 5), "or"/"and" of those,
# "when" guards. Anything else (type, property, var patterns, arms over several lines) leaves the lines as they are.
function sw_start(line,    p, q, r, head, e) {
    if (line !~ /[ \t]switch[ \t]*(\{[ \t]*)?$/) return 0
    head = line
    sub(/[ \t]+switch[ \t]*(\{[ \t]*)?$/, "", head)
    # EXPR starts after the rightmost " => ", " = " or "return " (or "(" right before it, e.g. "(x switch")
    p = 0
    for (q = length(head); q > 0; q--) {
        if (substr(head, q, 4) == " => " || substr(head, q, 3) == " = " || substr(head, q, 7) == "return ") break
    }
    if (q == 0) return 0
    if (substr(head, q, 4) == " => ") p = q + 4
    else if (substr(head, q, 3) == " = ") p = q + 3
    else p = q + 7
    e = substr(head, p)
    if (e ~ /^[ \t]*$/ || e ~ /[;{}]/) return 0
    sw_prefix = substr(head, 1, p - 1)
    sw_expr = "(" e ")"
    sw_brace = (line ~ /\{[ \t]*$/)
    return 1
}
function sw_cond1(p,    op) {
    gsub(/^[ \t]+|[ \t]+$/, "", p)
    if (p ~ /^\(.*\)$/) p = substr(p, 2, length(p) - 2)
    if (p == "null") return sw_expr " == null"
    if (p == "not null") return sw_expr " != null"
    if (p ~ /^(<=|>=|<|>|!=)[ \t]*[^ \t]/) {
        op = p; sub(/[ \t]*[^<>=!].*$/, "", op)
        sub(/^(<=|>=|<|>|!=)[ \t]*/, "", p)
        if (p !~ /^[-+]?[0-9'"A-Za-z_.]/) return ""
        return sw_expr " " op " " p
    }
    if (p ~ /^not[ \t]/) { sub(/^not[ \t]+/, "", p); if (sw_simple(p)) return sw_expr " != " p; return "" }
    if (sw_simple(p)) return sw_expr " == " p
    return ""
}
function sw_simple(p) {
    # a constant: number, char, string, or a dotted name (enum member, const); not a type pattern "Foo f"
    return p ~ /^[-+]?[0-9][0-9_.xXa-fA-FlLuUmMdDfF]*$/ || p ~ /^'([^'\\]|\\.[^']*)'$/ || p ~ /^"([^"\\]|\\.)*"$/ \
           || p ~ /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/ || p == "true" || p == "false"
}
function sw_cond(p,    ors, n, i, ands, m, j, c, part, all) {
    n = sw_split(p, " or ", ors)
    all = ""
    for (i = 1; i <= n; i++) {
        m = sw_split(ors[i], " and ", ands)
        part = ""
        for (j = 1; j <= m; j++) {
            c = sw_cond1(ands[j])
            if (c == "") return ""
            part = part (j > 1 ? " && " : "") "(" c ")"
        }
        all = all (i > 1 ? " || " : "") part
    }
    return all
}
function sw_split(s, sep, arr,    n, k) {
    n = 0
    while ((k = index(s, sep)) > 0) { arr[++n] = substr(s, 1, k - 1); s = substr(s, k + length(sep)) }
    arr[++n] = s
    return n
}
# converts buffered lines sw_buf[1..sw_n] (first: the head, last: the closing "}") into sw_out[]; 0 when it cannot
function sw_convert(    i, l, indent, arm, k, pat, val, guard, cond, defaulted, first, closing) {
    sw_out[1] = sw_prefix "("
    defaulted = 0
    first = 2
    if (!sw_brace) {
        if (sw_buf[2] !~ /^[ \t]*\{[ \t]*$/) return 0
        sw_out[2] = ""
        first = 3
    }
    for (i = first; i < sw_n; i++) {
        l = sw_buf[i]
        if (l ~ /^[ \t]*(\/\/.*)?$/) { sw_out[i] = l; continue }
        if (defaulted) return 0
        indent = l; sub(/[^ \t].*$/, "", indent)
        arm = l; sub(/^[ \t]+/, "", arm); sub(/[ \t]*(\/\/.*)?$/, "", arm)
        if (arm !~ /,$/ && i != sw_n - 1 && sw_nextarm(i)) return 0
        sub(/,$/, "", arm)
        k = index(arm, " => ")
        if (k == 0) return 0
        pat = substr(arm, 1, k - 1); val = substr(arm, k + 4)
        guard = ""
        if ((k = index(pat, " when ")) > 0) { guard = substr(pat, k + 6); pat = substr(pat, 1, k - 1) }
        if (pat == "_") {
            cond = guard == "" ? "" : "(" guard ")"
            if (guard == "") defaulted = 1
        } else {
            cond = sw_cond(pat)
            if (cond == "") return 0
            if (guard != "") cond = "(" cond ") && (" guard ")"
        }
        if (val !~ /^throw[ \t]/) val = "(" val ")"
        sw_out[i] = indent (cond == "" ? val : "(" cond ") ? " val " :")
    }
    closing = sw_buf[sw_n]
    sub(/^[ \t]*\}/, "", closing)
    indent = sw_buf[sw_n]; sub(/\}.*$/, "", indent)
    sw_out[sw_n] = indent (defaulted ? "" : "throw new System.InvalidOperationException(\"no switch arm matched\")") ")" closing
    return 1
}
function sw_nextarm(i,    j) {
    for (j = i + 1; j < sw_n; j++) if (sw_buf[j] !~ /^[ \t]*(\/\/.*)?$/) return 1
    return 0
}
function sw_flush(ok,    i) {
    for (i = 1; i <= sw_n; i++) buf[++nbuf] = (ok ? sw_out[i] : sw_buf[i])
    sw_n = 0
}
