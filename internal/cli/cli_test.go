package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/gen"
	"github.com/stelviogen/stelviogen/internal/output"
	"github.com/stelviogen/stelviogen/tags"
)

// TestMain lets the test binary act as the stelviogen command, as stringer's
// tests do, so end-to-end tests exercise the real exit status and output.
func TestMain(m *testing.M) {
	if os.Getenv("STELVIOGEN_TEST_AS_TOOL") == "1" {
		if os.Getenv("STELVIOGEN_TEST_HANG_AFTER_STAGING") == "1" {
			output.AfterStaging = func() {
				fmt.Println("staged")
				select {} // wait to be killed
			}
		}
		os.Exit(Run(os.Args[1:], os.Stdout, os.Stderr))
	}
	// Keep the generation cache of these tests out of the user's.
	cacheHome, err := os.MkdirTemp("", "stelviogen-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("STELVIOGEN_CACHE_DIR", cacheHome)
	code := m.Run()
	os.RemoveAll(cacheHome)
	os.Exit(code)
}

// generatedDirs are the packages whose generated code is committed.
var generatedDirs = []string{"example/models", "internal/storetest", "internal/codectest", "internal/streamtest", "internal/benchtest", "internal/entitytest", "example/shop"}

// TestCommittedCodeIsCurrent fails when committed generated code is stale:
// it runs the -check mode on every package that commits generated code.
func TestCommittedCodeIsCurrent(t *testing.T) {
	root := moduleRoot(t)
	for _, d := range generatedDirs {
		dir := filepath.Join(root, d)
		if _, err := os.Stat(dir); err != nil {
			t.Fatalf("generated package %s: %v", d, err)
		}
		t.Run(d, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append(append([]string{"-check"}, generateFlags(t, dir)...), dir)
			if code := Run(args, &stdout, &stderr); code != 0 {
				t.Errorf("%s: generated code is stale (exit %d); run go generate ./%s\n%s", d, code, d, stderr.String())
			}
		})
	}
}

// generateFlags returns the flags of the package's go:generate line
// ("//go:generate go tool stelviogen -json" gives -json), so that -check
// renders what go generate rendered.
func generateFlags(t *testing.T, dir string) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, "models.go"))
	if err != nil {
		t.Fatal(err)
	}
	const directive = "//go:generate go tool stelviogen"
	for _, line := range strings.Split(string(src), "\n") {
		if rest, ok := strings.CutPrefix(line, directive); ok {
			return strings.Fields(rest)
		}
	}
	t.Fatalf("%s/models.go has no %q line", dir, directive)
	return nil
}

// TestNewUser plays a new user: a fresh module that requires this one, a tagged
// struct, go generate through the Go 1.24 tool directive, then build and vet.
// A model with a mistake fails with its position and writes nothing.
func TestNewUser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a fresh module")
	}
	root := moduleRoot(t)
	dir := t.TempDir()
	gomod := "module example.com/shop\n\ngo 1.26\n\ntool github.com/stelviogen/stelviogen/cmd/stelviogen\n\n" +
		"require github.com/stelviogen/stelviogen v0.0.0\n\nreplace github.com/stelviogen/stelviogen => " + root + "\n"
	write(t, filepath.Join(dir, "go.mod"), gomod)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.sum"), string(sum))
	// The directive is spliced in so that go generate ./internal/... does not
	// take this test's text for a directive of package cli.
	write(t, filepath.Join(dir, "models", "cart.go"), `package models

//go:`+`generate go tool stelviogen

type Cart struct {
	_       struct{} `+"`"+`dynamo:"table=carts,stream=new-image"`+"`"+`
	UserID  string   `+"`"+`dynamodbav:"user_id" dynamo:"pk"`+"`"+`
	CartID  string   `+"`"+`dynamodbav:"cart_id" dynamo:"sk"`+"`"+`
	Status  string   `+"`"+`dynamodbav:"status" gsi:"by-status,pk,project=total"`+"`"+`
	Total   int64    `+"`"+`dynamodbav:"total"`+"`"+`
	Expires int64    `+"`"+`dynamodbav:"expires" dynamo:"ttl"`+"`"+`
}
`)
	env := append(os.Environ(), "GOFLAGS=-mod=mod")
	run := func(args ...string) (string, error) {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	// As the README says: the tool directive in go.mod, go mod tidy, then generate.
	if out, err := run("mod", "tidy"); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	if out, err := run("generate", "./..."); err != nil {
		t.Fatalf("go generate: %v\n%s", err, out)
	}
	if out, err := run("mod", "tidy"); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	first := readAll(t, dir)
	for _, f := range []string{"models/cart_stelviogen.go", "models/infra/cart_stelviogen.go"} {
		if _, ok := first[f]; !ok {
			t.Errorf("%s not generated; have %v", f, keys(first))
		}
	}
	if out, err := run("build", "./..."); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if out, err := run("vet", "./..."); err != nil {
		t.Fatalf("go vet: %v\n%s", err, out)
	}
	if out, err := run("list", "-deps", "./models"); err != nil || strings.Contains(out, "github.com/pulumi/") {
		t.Errorf("the handler-side package links Pulumi (err %v)", err)
	}
	// Same input, same bytes.
	if out, err := run("generate", "./..."); err != nil {
		t.Fatalf("second go generate: %v\n%s", err, out)
	}
	for f, src := range readAll(t, dir) {
		if first[f] != src {
			t.Errorf("%s differs between two runs", f)
		}
	}
	if out, err := run("tool", "stelviogen", "-check", "./models"); err != nil {
		t.Errorf("-check after generate: %v\n%s", err, out)
	}

	// Renaming the table's type: go generate lists the package's files before
	// running stelviogen, so the files of the old type cannot vanish under it
	// (it would fail on them): they are emptied and excluded from builds, and
	// the next run outside go generate removes them.
	cart, err := os.ReadFile(filepath.Join(dir, "models", "cart.go"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "models", "cart.go"), strings.ReplaceAll(string(cart), "type Cart struct", "type Basket struct"))
	if out, err := run("generate", "./..."); err != nil {
		t.Fatalf("go generate after renaming the type: %v\n%s", err, out)
	} else if !strings.Contains(out, "cart_stelviogen.go: its table is gone") {
		t.Errorf("go generate after renaming: no word of the retired files:\n%s", out)
	}
	if out, err := run("build", "./..."); err != nil {
		t.Fatalf("go build after renaming: %v\n%s", err, out)
	}
	if out, err := run("tool", "stelviogen", "-check", "./models"); err != nil {
		t.Errorf("-check after renaming: %v\n%s", err, out)
	}
	if out, err := run("tool", "stelviogen", "./models"); err != nil {
		t.Fatalf("stelviogen outside go generate: %v\n%s", err, out)
	}
	after := readAll(t, dir)
	for _, f := range []string{"models/cart_stelviogen.go", "models/infra/cart_stelviogen.go"} {
		if _, ok := after[f]; ok {
			t.Errorf("%s survived a run outside go generate", f)
		}
	}
	if _, ok := after["models/basket_stelviogen.go"]; !ok {
		t.Errorf("models/basket_stelviogen.go not generated; have %v", keys(after))
	}

	// A mistake: no file is written or changed, the position is exact.
	bad := filepath.Join(dir, "bad")
	write(t, filepath.Join(bad, "bad.go"), "package bad\n\ntype Item struct {\n\tID bool `dynamo:\"pk\"`\n}\n")
	out, err := run("tool", "stelviogen", "./bad")
	if code := exitCode(err); code != 1 {
		t.Errorf("bad model: exit %d, want 1\n%s", code, out)
	}
	if !strings.Contains(out, "bad/bad.go:4:19: the table's partition key ID has type bool") {
		t.Errorf("bad model output:\n%s", out)
	}
	if entries, _ := os.ReadDir(bad); len(entries) != 1 {
		t.Errorf("bad model: files written: %v", entries)
	}
}

// TestExitStatus runs the test binary as the tool: exit 1 on bad input with the
// message on stderr, exit 2 on bad usage.
func TestExitStatus(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs(filepath.Join(goldenDir, "errors", "two-pks"))
	cmd := exec.Command(exe, dir)
	cmd.Env = append(os.Environ(), "STELVIOGEN_TEST_AS_TOOL=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if code := exitCode(err); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "input.go:5:51: second partition key") || strings.Contains(stderr.String(), "goroutine") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	cmd = exec.Command(exe, "-nosuchflag")
	cmd.Env = append(os.Environ(), "STELVIOGEN_TEST_AS_TOOL=1")
	if code := exitCode(cmd.Run()); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(path, "_stelviogen.go") {
			rel, _ := filepath.Rel(dir, path)
			src, _ := os.ReadFile(path)
			out[filepath.ToSlash(rel)] = string(src)
		}
		return nil
	})
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestBuildTags: a table in a build-constrained file is generated only when its
// tag is passed with -tags.
func TestBuildTags(t *testing.T) {
	dir := moduleTempDir(t)
	write(t, filepath.Join(dir, "a.go"), "package p\n\ntype Always struct {\n\tID string `dynamo:\"pk\"`\n}\n")
	write(t, filepath.Join(dir, "b.go"), "//go:build extra\n\npackage p\n\ntype Extra struct {\n\tID string `dynamo:\"pk\"`\n}\n")
	var stderr bytes.Buffer
	if code := Run([]string{dir}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "extra_stelviogen.go")); !os.IsNotExist(err) {
		t.Errorf("constrained table generated without -tags")
	}
	if code := Run([]string{"-tags", "extra", dir}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("-tags extra: exit %d\n%s", code, stderr.String())
	}
	for _, f := range []string{"always_stelviogen.go", "extra_stelviogen.go"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestCgoPackage: a models package with a cgo file loads and generates.
func TestCgoPackage(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Fatal("gcc is needed for cgo packages")
	}
	dir := moduleTempDir(t)
	write(t, filepath.Join(dir, "c.go"), "package p\n\n// int two(void) { return 2; }\nimport \"C\"\n\nfunc Two() int { return int(C.two()) }\n")
	write(t, filepath.Join(dir, "m.go"), "package p\n\ntype Item struct {\n\tID string `dynamo:\"pk\"`\n}\n")
	var stderr bytes.Buffer
	if code := Run([]string{dir}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "item_stelviogen.go")); err != nil {
		t.Error(err)
	}
}

// TestTypeFlag: -type selects the tables, and names a missing type clearly.
func TestTypeFlag(t *testing.T) {
	dir := moduleTempDir(t)
	write(t, filepath.Join(dir, "m.go"), "package p\n\ntype One struct {\n\tID string `dynamo:\"pk\"`\n}\n\ntype Two struct {\n\tID string `dynamo:\"pk\"`\n}\n")
	var stderr bytes.Buffer
	if code := Run([]string{"-type", "Two", dir}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "one_stelviogen.go")); !os.IsNotExist(err) {
		t.Error("-type Two generated One")
	}
	stderr.Reset()
	if code := Run([]string{"-type", "Three", dir}, &bytes.Buffer{}, &stderr); code != 1 || !strings.Contains(stderr.String(), "no struct type named Three") {
		t.Errorf("missing -type: exit %d\n%s", code, stderr.String())
	}
}

// TestKilledWhileWriting kills the tool after it staged the new files and before
// it renamed them: every previous file is intact, and the next run cleans up and
// completes.
func TestKilledWhileWriting(t *testing.T) {
	dir := moduleTempDir(t)
	src := filepath.Join(dir, "m.go")
	write(t, src, "package p\n\ntype Item struct {\n\tID string `dynamo:\"pk\"`\n}\n")
	if code := runQuiet(t, dir); code != 0 {
		t.Fatal("first run failed")
	}
	before := readAll(t, dir)
	write(t, src, "package p\n\ntype Item struct {\n\tID string `dynamo:\"pk\"`\n\tName string\n}\n")

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, dir)
	cmd.Env = append(os.Environ(), "STELVIOGEN_TEST_AS_TOOL=1", "STELVIOGEN_TEST_HANG_AFTER_STAGING=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "staged\n" {
		t.Fatalf("tool said %q before being killed", line)
	}
	cmd.Process.Kill()
	cmd.Wait()

	after := readAll(t, dir)
	for f, src := range before {
		if after[f] != src {
			t.Errorf("%s changed by a killed run", f)
		}
	}
	if code := runQuiet(t, dir); code != 0 {
		t.Fatal("run after the kill failed")
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, "*", ".stelviogen-*")); len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, ".stelviogen-*")); len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
	if readAll(t, dir)["item_stelviogen.go"] == before["item_stelviogen.go"] {
		t.Error("run after the kill did not write the new version")
	}
}

// TestDeterministicAcrossGOMAXPROCS: tables render in parallel; the bytes must
// not depend on how many run at once.
func TestDeterministicAcrossGOMAXPROCS(t *testing.T) {
	pkg, err := tags.Load(filepath.Join(goldenDir, "example-orders"), tags.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var first map[string][]byte
	for _, procs := range []int{1, 2, 8} {
		prev := runtime.GOMAXPROCS(procs)
		files, err := gen.Generate(pkg, gen.Config{})
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = files
			continue
		}
		for path, src := range files {
			if !bytes.Equal(src, first[path]) {
				t.Errorf("GOMAXPROCS=%d: %s differs", procs, path)
			}
		}
	}
}

// TestCacheNeverMasksChanges: a second run with an unchanged model skips
// rendering, but only while the files on disk are exactly what it wrote: an
// edited, deleted or extra generated file is dealt with as without the cache.
func TestCacheNeverMasksChanges(t *testing.T) {
	dir := moduleTempDir(t)
	write(t, filepath.Join(dir, "m.go"), "package p\n\ntype Item struct {\n\tID string `dynamo:\"pk\"`\n}\n")
	if code := runQuiet(t, dir); code != 0 {
		t.Fatal("first run failed")
	}
	want := readAll(t, dir)
	handler := filepath.Join(dir, "item_stelviogen.go")

	write(t, handler, want["item_stelviogen.go"]+"// edited\n")
	if code := runQuiet(t, dir); code != 0 || readAll(t, dir)["item_stelviogen.go"] != want["item_stelviogen.go"] {
		t.Errorf("an edited generated file was not restored (exit %d)", code)
	}
	os.Remove(handler)
	if code := runQuiet(t, dir); code != 0 || readAll(t, dir)["item_stelviogen.go"] != want["item_stelviogen.go"] {
		t.Errorf("a deleted generated file was not restored (exit %d)", code)
	}
	extra := filepath.Join(dir, "gone_stelviogen.go")
	write(t, extra, tags.GeneratedHeader+"\n\npackage p\n")
	if code := runQuiet(t, dir); code != 0 {
		t.Fatal("run failed")
	}
	if _, err := os.Stat(extra); !os.IsNotExist(err) {
		t.Error("an extra generated file survived a cached run")
	}
	var stderr bytes.Buffer
	if code := Run([]string{"-check", dir}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Errorf("-check on an up-to-date package: exit %d\n%s", code, stderr.String())
	}
	write(t, handler, want["item_stelviogen.go"]+"// edited\n")
	if code := Run([]string{"-check", dir}, &bytes.Buffer{}, &stderr); code != 1 {
		t.Errorf("-check with an edited file: exit %d, want 1", code)
	}
}

// A time.Time sort key stored as text is legal but gets Eq-only queries: the
// run warns at the key's tag option, on stderr, and still writes everything
// and exits 0; -check passes and warns the same.
func TestTextTimeSortKeyWarning(t *testing.T) {
	dir := moduleTempDir(t)
	src := "package p\n\nimport \"time\"\n\ntype Event struct {\n" +
		"\tID  string    `dynamodbav:\"id\" dynamo:\"pk\"`\n" +
		"\tAt  time.Time `dynamodbav:\"at\" dynamo:\"sk\"`\n" +
		"\tDay time.Time `dynamodbav:\"day,omitempty\" gsi:\"by-day,sk\"`\n" +
		"\tKin string    `dynamodbav:\"kin\" gsi:\"by-day,pk\"`\n" +
		"\tTs  time.Time `dynamodbav:\"ts,unixtime\" lsi:\"by-ts\"`\n" +
		"}\n"
	write(t, filepath.Join(dir, "m.go"), src)
	rel := filepath.Join("testdata", filepath.Base(dir), "m.go")
	want := rel + `:7:41: warning: the table's sort key (field At) is a time stored as RFC 3339 text, which does not sort as time (zone offsets, trimmed fraction digits): its queries get Eq only, no Lt, Gt or Between; for time ranges store unix seconds with dynamodbav:"at,unixtime" (on an existing table, changing this key's type replaces the table: see -allow-replace)` + "\n" +
		rel + `:8:56: warning: sort key of index "by-day" (field Day) is a time stored as RFC 3339 text, which does not sort as time (zone offsets, trimmed fraction digits): its queries get Eq only, no Lt, Gt or Between; for time ranges store unix seconds with dynamodbav:"day,omitempty,unixtime"` + "\n"
	for _, args := range [][]string{{dir}, {"-check", dir}} {
		var stdout, stderr bytes.Buffer
		if code := Run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
		}
		if stderr.String() != want {
			t.Errorf("%v: stderr:\n%s\nwant:\n%s", args, stderr.String(), want)
		}
	}
	if files := readAll(t, dir); len(files) != 2 {
		t.Errorf("wrote %v, want the model and infra files", keys(files))
	}
}
