// kerat-gotest: the fast path of test-compile.sh. Builds the test binary of one package with the toolchain's
// compile and link directly, from an importcfg of the image's prebuilt packages (prebuild.sh), instead of
// `go test -c`, whose package loading and source hashing cost 10+ s under gVisor. It handles only the plain case
// and says so otherwise: exit status 3 ("not eligible", nothing written) sends test-compile.sh to `go test -c`.
//
// Usage: kerat-gotest -importcfg FILE -compile TOOL -link TOOL -o BINARY -work DIR PKGDIR
// (run in the module root, which holds go.mod). Exit status: 0 built; 1 a compile or link error (the tool's
// messages on stderr, headed like the go command's); 3 not eligible.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const notEligible = 3

var goroot string

// debug: KERAT_GOTEST_DEBUG=1 prints why a package is not eligible (never set by the runner).
var debug = os.Getenv("KERAT_GOTEST_DEBUG") == "1"

func skip(format string, args ...any) {
	if debug {
		fmt.Fprintf(os.Stderr, "kerat-gotest: not eligible: "+format+"\n", args...)
	}
	os.Exit(notEligible)
}

// testFunc is one entry of the generated main's tables.
type testFunc struct {
	pkg, name string // pkg: "_test" or "_xtest"
	output    string
	unordered bool
}

type tables struct {
	tests, benchmarks, fuzz, examples []testFunc
	testMain                          *testFunc
}

func main() {
	importcfg := flag.String("importcfg", "", "importcfg of the prebuilt packages")
	compileTool := flag.String("compile", "", "the compile tool")
	linkTool := flag.String("link", "", "the link tool")
	out := flag.String("o", "", "the test binary to write")
	work := flag.String("work", "", "a scratch directory")
	flag.Parse()
	if flag.NArg() != 1 || *importcfg == "" || *compileTool == "" || *linkTool == "" || *out == "" || *work == "" {
		skip("usage")
	}
	pkgdir := filepath.Clean(flag.Arg(0))
	root, err := os.Getwd()
	if err != nil {
		skip("getwd: %v", err)
	}
	modPath, lang := readGoMod(filepath.Join(root, "go.mod"))
	importPath := modPath
	if pkgdir != "." {
		if strings.HasPrefix(pkgdir, "..") || filepath.IsAbs(pkgdir) {
			skip("package directory %s", pkgdir)
		}
		importPath = modPath + "/" + filepath.ToSlash(pkgdir)
	}
	for _, d := range []string{"vendor", filepath.Join(pkgdir, "vendor")} {
		if _, err := os.Stat(filepath.Join(root, d)); err == nil {
			skip("vendor directory")
		}
	}
	known := readImportcfg(*importcfg)
	// a module named like a standard library package (exercism's older `module time`): common.sh's
	// rename_std_module builds it as kerat.local/<path>, unless a Go file imports a package below that path
	renamed := ""
	if !strings.Contains(modPath, ".") && known[modPath] && !importsBelow(root, modPath) {
		renamed = modPath
		modPath = "kerat.local/" + modPath
		importPath = modPath
		if pkgdir != "." {
			importPath = modPath + "/" + filepath.ToSlash(pkgdir)
		}
	}
	// a module named like a standard library package (`module time`, kept when the rename in common.sh is not
	// possible): the go command reports the ambiguity
	for k := range known {
		if k == importPath || k == importPath+"_test" || strings.HasPrefix(k, importPath+"/") {
			skip("import path %s is a prebuilt package's", importPath)
		}
	}

	ctx := build.Default
	ctx.CgoEnabled = false
	dir := filepath.Join(root, pkgdir)
	p, err := ctx.ImportDir(dir, 0)
	if err != nil {
		skip("go/build: %v", err)
	}
	if p.Name == "main" || p.Name == "documentation" || len(p.GoFiles) == 0 ||
		len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 {
		skip("package %s: %d files, %d test files", p.Name, len(p.GoFiles), len(p.TestGoFiles)+len(p.XTestGoFiles))
	}
	if len(p.CgoFiles)+len(p.CFiles)+len(p.CXXFiles)+len(p.MFiles)+len(p.HFiles)+len(p.FFiles)+len(p.SFiles)+
		len(p.SwigFiles)+len(p.SwigCXXFiles)+len(p.SysoFiles)+len(p.InvalidGoFiles) > 0 {
		skip("non-Go or invalid files")
	}
	if len(p.EmbedPatterns)+len(p.TestEmbedPatterns)+len(p.XTestEmbedPatterns) > 0 {
		skip("embed patterns")
	}
	if p.ImportComment != "" {
		skip("import comment")
	}
	for _, list := range [][]string{p.Imports, p.TestImports, p.XTestImports} {
		for _, imp := range list {
			if !importable(imp, known, importPath) {
				skip("import %q", imp)
			}
		}
	}
	for _, f := range p.Directives {
		skip("directive %s", f.Text)
	}
	for _, list := range [][]build.Directive{p.TestDirectives, p.XTestDirectives} {
		if len(list) > 0 {
			skip("directive %s", list[0].Text)
		}
	}

	var t tables
	fset := token.NewFileSet()
	for _, f := range p.TestGoFiles {
		collect(fset, filepath.Join(dir, f), "_test", &t)
	}
	for _, f := range p.XTestGoFiles {
		collect(fset, filepath.Join(dir, f), "_xtest", &t)
	}

	if err := os.MkdirAll(*work, 0o700); err != nil {
		skip("work dir: %v", err)
	}
	if _, err := os.Stat(*compileTool); err != nil {
		skip("compile tool: %v", err)
	}
	if _, err := os.Stat(*linkTool); err != nil {
		skip("link tool: %v", err)
	}
	// GOROOT for the tools, as the go command sets it: the linker records it as runtime.GOROOT()'s value
	// (the tools are in GOROOT/pkg/tool/GOOS_GOARCH)
	realLink, err := filepath.EvalSymlinks(*linkTool)
	if err != nil {
		skip("link tool: %v", err)
	}
	goroot = filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(realLink))))
	if _, err := os.Stat(filepath.Join(goroot, "src", "runtime")); err != nil {
		skip("GOROOT %s: %v", goroot, err)
	}
	pkgA := filepath.Join(*work, "pkg.a")
	xtestA := filepath.Join(*work, "xtest.a")
	mainA := filepath.Join(*work, "main.a")
	cfg := filepath.Join(*work, "importcfg")
	base, err := os.ReadFile(*importcfg)
	if err != nil {
		skip("importcfg: %v", err)
	}
	extra := fmt.Sprintf("packagefile %s=%s\n", importPath, pkgA)
	if len(p.XTestGoFiles) > 0 {
		extra += fmt.Sprintf("packagefile %s_test=%s\n", importPath, xtestA)
	}
	if err := os.WriteFile(cfg, append(append(base, '\n'), extra...), 0o600); err != nil {
		skip("importcfg: %v", err)
	}
	mainSrc := testMain(importPath, len(p.TestGoFiles) > 0, len(p.XTestGoFiles) > 0, &t)
	if err := os.WriteFile(filepath.Join(*work, "_testmain.go"), mainSrc, 0o600); err != nil {
		skip("test main: %v", err)
	}

	conc := runtime.GOMAXPROCS(0)
	if conc > 4 {
		conc = 4
	}
	compileArgs := func(o, p string) []string {
		return []string{"-o", o, "-p", p, "-lang=" + lang, "-complete", "-c=" + strconv.Itoa(conc),
			"-dwarf=false", "-nolocalimports", "-importcfg", cfg, "-pack"}
	}
	rel := func(files []string) []string {
		r := make([]string, len(files))
		for i, f := range files {
			r[i] = "./" + f
		}
		return r
	}
	// the package with its internal tests, as the go command names it in its error header
	header := importPath
	if len(p.TestGoFiles) > 0 {
		header += " [" + importPath + ".test]"
	}
	// GoFiles then TestGoFiles, each sorted, as the go command passes them
	files := append(append([]string{}, p.GoFiles...), p.TestGoFiles...)
	if renamed != "" {
		fmt.Fprintf(os.Stderr, "kerat: go.mod names the module \"%s\", a standard library package: built as kerat.local/%s\n",
			renamed, renamed)
	}
	run(dir, header, *compileTool, append(compileArgs(pkgA, importPath), rel(files)...))
	if len(p.XTestGoFiles) > 0 {
		run(dir, importPath+"_test ["+importPath+".test]", *compileTool,
			append(compileArgs(xtestA, importPath+"_test"), rel(p.XTestGoFiles)...))
	}
	run(*work, importPath+".test", *compileTool,
		append(compileArgs(mainA, "main"), "-trimpath", *work+"=>", "./_testmain.go"))
	run(*work, importPath+".test", *linkTool, []string{"-o", *out, "-importcfg", cfg, "-s",
		"-X=testing.testBinary=1", "-buildmode=exe", mainA})
}

// run runs a tool in dir; on failure its output goes to stderr under a "# header" line and the program exits 1.
func run(dir, header, tool string, args []string) {
	cmd := exec.Command(tool, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOROOT="+goroot)
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			skip("%s: %v", tool, err)
		}
		fmt.Fprintf(os.Stderr, "# %s\n", header)
		os.Stderr.Write(buf.Bytes())
		os.Exit(1)
	}
	if buf.Len() > 0 {
		os.Stderr.Write(buf.Bytes())
	}
}

// importsBelow: whether a Go file under root names a package below path ("path/...", as common.sh's grep looks).
func importsBelow(root, path string) bool {
	needle := []byte("\"" + path + "/")
	found := false
	filepath.WalkDir(root, func(f string, d os.DirEntry, err error) error {
		if err != nil || found {
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(f, ".go") {
			if data, err := os.ReadFile(f); err == nil && bytes.Contains(data, needle) {
				found = true
			}
		}
		return nil
	})
	return found
}

// readGoMod returns the module path and the -lang value of go.mod as gomod.sh would leave it, so that the fast path
// runs before gomod.sh (whose two go commands cost over a second under gVisor): no go.mod is gomod.sh's `module
// solution`; any well-formed `go` line becomes 1.24 and a `toolchain` line goes; requirements and replacements do
// not matter here (an import that is not a prebuilt package is not eligible). Anything unusual is not eligible.
func readGoMod(path string) (string, string) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "solution", "go1.24"
	}
	if err != nil {
		skip("go.mod: %v", err)
	}
	mod, lang, block := "", "", ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		// a block: `require (` ... `)`; its lines are that verb's arguments
		if block != "" {
			if line == ")" {
				block = ""
			} else {
				goModEntry(block, fields)
			}
			continue
		}
		switch fields[0] {
		case "module":
			if len(fields) != 2 || mod != "" {
				skip("go.mod module line")
			}
			mod = fields[1]
			if strings.HasPrefix(mod, "\"") {
				u, err := strconv.Unquote(mod)
				if err != nil {
					skip("go.mod module path")
				}
				mod = u
			}
		case "go":
			if len(fields) != 2 || lang != "" || !goVersion(fields[1]) {
				skip("go.mod go line")
			}
			lang = fields[1]
		case "toolchain":
			if len(fields) != 2 {
				skip("go.mod toolchain line")
			}
		case "require", "replace", "exclude", "retract":
			if len(fields) == 2 && fields[1] == "(" {
				block = fields[0]
			} else {
				goModEntry(fields[0], fields[1:])
			}
		default: // godebug, tool, ignore, and anything the go command would reject
			skip("go.mod %s", fields[0])
		}
	}
	if block != "" {
		skip("go.mod: unclosed %s block", block)
	}
	if mod == "" || strings.ContainsAny(mod, " \t\"'`\\") {
		skip("go.mod without a module line")
	}
	return mod, "go1.24" // gomod.sh writes `go 1.24` where the line is missing too
}

// goModEntry checks the form of one require/replace/exclude/retract entry, so that a go.mod the go command would
// reject goes to it (and its message) instead of being built here; the go command checks the rest.
func goModEntry(verb string, args []string) {
	switch verb {
	case "require", "exclude":
		if len(args) != 2 || !semver(args[1]) {
			skip("go.mod %s %v", verb, args)
		}
	case "replace":
		i := -1
		for j, a := range args {
			if a == "=>" {
				i = j
			}
		}
		if i < 1 || i > 2 || len(args)-i-1 < 1 || len(args)-i-1 > 2 || (i == 2 && !semver(args[1])) {
			skip("go.mod replace %v", args)
		}
	}
}

// semver: vMAJOR.MINOR.PATCH with an optional -prerelease and +build (pseudo-versions and +incompatible included).
func semver(v string) bool {
	rest, ok := strings.CutPrefix(v, "v")
	if !ok {
		return false
	}
	if i := strings.IndexAny(rest, "-+"); i >= 0 {
		suffix := rest[i+1:]
		rest = rest[:i]
		if suffix == "" || strings.Trim(suffix, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-+") != "" {
			return false
		}
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// goVersion: a go line's version as the go command accepts it (1.N, 1.N.P, 1.NrcR, 1.NbetaR).
func goVersion(v string) bool {
	rest, ok := strings.CutPrefix(v, "1.")
	if !ok {
		return false
	}
	digits := func(s string) bool {
		return s != "" && strings.Trim(s, "0123456789") == ""
	}
	for _, pre := range []string{"rc", "beta"} {
		if i := strings.Index(rest, pre); i > 0 {
			return digits(rest[:i]) && digits(rest[i+len(pre):])
		}
	}
	minor, patch, dotted := strings.Cut(rest, ".")
	return digits(minor) && (!dotted || digits(patch))
}

func readImportcfg(path string) map[string]bool {
	data, err := os.ReadFile(path)
	if err != nil {
		skip("importcfg: %v", err)
	}
	known := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "packagefile "); ok {
			if i := strings.Index(rest, "="); i > 0 {
				known[rest[:i]] = true
			}
		}
	}
	return known
}

// importable: a package of the importcfg that user code may import (not internal, not std's vendored copies),
// "unsafe", or the package itself (from the external test package).
func importable(imp string, known map[string]bool, self string) bool {
	if imp == "unsafe" || imp == self {
		return true
	}
	// runtime/debug: ReadBuildInfo would find no module information in the binary (the go command links it in)
	if imp == "C" || imp == "runtime/debug" || !known[imp] || strings.HasPrefix(imp, "vendor/") || strings.Contains(imp, "/vendor/") {
		return false
	}
	for _, el := range strings.Split(imp, "/") {
		if el == "internal" {
			return false
		}
	}
	return true
}

// hasPrefixName: name is prefix followed by nothing or by a rune that is not a lower-case letter.
func hasPrefixName(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if len(name) == len(prefix) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name[len(prefix):])
	return !unicode.IsLower(r)
}

// collect adds a test file's tests, benchmarks, fuzz targets, examples and TestMain to t. A function named like
// one whose signature is not exactly func(*testing.X) is not eligible: `go test` reports it.
func collect(fset *token.FileSet, path, pkg string, t *tables) {
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		skip("parse %s: %v", path, err)
	}
	testingName := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "testing" {
			if imp.Name == nil {
				testingName = "testing"
			} else {
				testingName = imp.Name.Name
			}
		}
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil {
			continue
		}
		name := fn.Name.Name
		var kind string
		switch {
		case name == "TestMain":
			kind = "M"
		case hasPrefixName(name, "Test"):
			kind = "T"
		case hasPrefixName(name, "Benchmark"):
			kind = "B"
		case hasPrefixName(name, "Fuzz"):
			kind = "F"
		default:
			continue
		}
		if !signatureIs(fn, testingName, kind) {
			skip("signature of %s", name)
		}
		tf := testFunc{pkg: pkg, name: name}
		switch kind {
		case "M":
			if t.testMain != nil {
				skip("two TestMain")
			}
			t.testMain = &tf
		case "T":
			t.tests = append(t.tests, tf)
		case "B":
			t.benchmarks = append(t.benchmarks, tf)
		case "F":
			t.fuzz = append(t.fuzz, tf)
		}
	}
	ex := doc.Examples(f)
	sort.Slice(ex, func(i, j int) bool { return ex[i].Order < ex[j].Order })
	for _, e := range ex {
		if e.Output == "" && !e.EmptyOutput {
			continue // compiled, not run
		}
		t.examples = append(t.examples, testFunc{pkg: pkg, name: "Example" + e.Name, output: e.Output, unordered: e.Unordered})
	}
}

// signatureIs: func Name(x *testing.K) with no type parameters and no results, testing being the file's name
// for the testing package.
func signatureIs(fn *ast.FuncDecl, testingName, kind string) bool {
	ft := fn.Type
	if testingName == "" || testingName == "_" || testingName == "." || ft.TypeParams != nil ||
		(ft.Results != nil && len(ft.Results.List) > 0) || ft.Params == nil || len(ft.Params.List) != 1 ||
		len(ft.Params.List[0].Names) > 1 {
		return false
	}
	star, ok := ft.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == testingName && sel.Sel.Name == kind
}

// testMain writes the generated main package: the tables of tests for testing.MainStart, then TestMain or m.Run.
func testMain(importPath string, internal, external bool, t *tables) []byte {
	used := map[string]bool{}
	all := [][]testFunc{t.tests, t.benchmarks, t.fuzz, t.examples}
	for _, l := range all {
		for _, f := range l {
			used[f.pkg] = true
		}
	}
	if t.testMain != nil {
		used[t.testMain.pkg] = true
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by kerat-gotest. DO NOT EDIT.\n\npackage main\n\nimport (\n\t\"os\"\n")
	if t.testMain != nil {
		b.WriteString("\t\"reflect\"\n")
	}
	b.WriteString("\t\"testing\"\n\t\"testing/internal/testdeps\"\n")
	alias := func(pkg string) string {
		if used[pkg] {
			return pkg
		}
		return "_"
	}
	if internal {
		fmt.Fprintf(&b, "\t%s %q\n", alias("_test"), importPath)
	}
	if external {
		fmt.Fprintf(&b, "\t%s %q\n", alias("_xtest"), importPath+"_test")
	}
	b.WriteString(")\n\n")
	table := func(varName, typ string, l []testFunc) {
		fmt.Fprintf(&b, "var %s = []testing.%s{\n", varName, typ)
		for _, f := range l {
			if typ == "InternalExample" {
				fmt.Fprintf(&b, "\t{%q, %s.%s, %q, %t},\n", f.name, f.pkg, f.name, f.output, f.unordered)
			} else {
				fmt.Fprintf(&b, "\t{%q, %s.%s},\n", f.name, f.pkg, f.name)
			}
		}
		b.WriteString("}\n\n")
	}
	table("tests", "InternalTest", t.tests)
	table("benchmarks", "InternalBenchmark", t.benchmarks)
	table("fuzzTargets", "InternalFuzzTarget", t.fuzz)
	table("examples", "InternalExample", t.examples)
	fmt.Fprintf(&b, "func init() {\n\ttestdeps.ImportPath = %q\n}\n\n", importPath)
	b.WriteString("func main() {\n\tm := testing.MainStart(testdeps.TestDeps{}, tests, benchmarks, fuzzTargets, examples)\n")
	if t.testMain != nil {
		// TestMain returns without a status: the binary ends with the one m.Run recorded (testing.M's
		// unexported exitCode), as with `go test`.
		fmt.Fprintf(&b, "\t%s.%s(m)\n\tos.Exit(int(reflect.ValueOf(m).Elem().FieldByName(\"exitCode\").Int()))\n",
			t.testMain.pkg, t.testMain.name)
	} else {
		b.WriteString("\tos.Exit(m.Run())\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}
