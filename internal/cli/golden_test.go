package cli

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/gen"
	"github.com/stelviogen/stelviogen/internal/output"
	"github.com/stelviogen/stelviogen/tags"
)

var update = flag.Bool("update", false, "rewrite the expected output of the golden cases")

const goldenDir = "../../testdata/golden"

// goldenCases lists the directories of valid golden cases: each is a package of
// models whose generated files, committed beside it, are the expected output.
func goldenCases(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "errors" {
			dirs = append(dirs, filepath.Join(goldenDir, e.Name()))
		}
	}
	if len(dirs) < 8 {
		t.Fatalf("found %d golden cases, want at least 8", len(dirs))
	}
	return dirs
}

// TestGolden generates every valid case in memory and compares it with the
// committed files (-update rewrites them), then compiles and vets the output.
func TestGolden(t *testing.T) {
	var pkgs []string
	for _, dir := range goldenCases(t) {
		name := filepath.Base(dir)
		pkgs = append(pkgs, "./testdata/golden/"+name+"/...")
		t.Run(name, func(t *testing.T) {
			pkg, err := tags.Load(dir, tags.LoadOptions{})
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			files, err := gen.Generate(pkg, gen.Config{})
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			again, err := gen.Generate(pkg, gen.Config{})
			if err != nil {
				t.Fatal(err)
			}
			for path, src := range files {
				if !bytes.Equal(src, again[path]) {
					t.Errorf("%s: two generations differ", path)
				}
			}
			plan := output.Plan{Files: files, Dirs: ownedDirs(files)}
			if *update {
				if _, err := plan.Write(); err != nil {
					t.Fatal(err)
				}
				return
			}
			changes, err := plan.Diff()
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range changes {
				t.Errorf("%s: %s (run go test ./internal/cli -run TestGolden -update)", c.Path, c.Kind)
			}
		})
	}
	if t.Failed() {
		return
	}
	// The expected output must compile and pass vet.
	root := moduleRoot(t)
	for _, tool := range [][]string{{"build"}, {"vet"}} {
		cmd := exec.Command("go", append(tool, pkgs...)...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s of the golden output: %v\n%s", tool[0], err, out)
		}
	}
}

// TestGoldenErrors runs the command on every bad model: it must exit 1, print
// exactly the expected file:line:col messages and write nothing.
func TestGoldenErrors(t *testing.T) {
	base, err := filepath.Abs(filepath.Join(goldenDir, "errors"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		dir := filepath.Join(base, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			before := listFiles(t, dir)
			t.Chdir(dir)
			var stdout, stderr bytes.Buffer
			code := Run(nil, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if after := listFiles(t, dir); !equalStrings(before, after) {
				t.Errorf("files changed: before %v, after %v", before, after)
			}
			wantPath := filepath.Join(dir, "want.txt")
			got := stderr.String()
			if *update {
				if err := os.WriteFile(wantPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
			}
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if strings.HasPrefix(line, "stelviogen:") {
					continue
				}
				if !strings.HasPrefix(line, "input.go:") {
					t.Errorf("message without file:line:col position: %q", line)
				}
			}
		})
	}
	if n < 30 {
		t.Errorf("%d error cases, want at least 30", n)
	}
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if filepath.Base(path) != "want.txt" {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func moduleRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}
