package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/tags"
)

func gen(body string) []byte { return []byte(tags.GeneratedHeader + "\n\npackage p\n" + body) }

func TestDiffFindsStaleMissingExtra(t *testing.T) {
	dir := t.TempDir()
	current := filepath.Join(dir, "a"+Suffix)
	stale := filepath.Join(dir, "b"+Suffix)
	missing := filepath.Join(dir, "c"+Suffix)
	extra := filepath.Join(dir, "old"+Suffix)
	handWritten := filepath.Join(dir, "notes"+Suffix) // no header: not ours, not extra
	for path, src := range map[string][]byte{current: gen("// a\n"), stale: gen("// old b\n"), extra: gen(""), handWritten: []byte("package p\n")} {
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plan := Plan{Files: map[string][]byte{current: gen("// a\n"), stale: gen("// b\n"), missing: gen("// c\n")}, Dirs: []string{dir}}
	changes, err := plan.Diff()
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{{stale, "stale"}, {missing, "missing"}, {extra, "extra"}}
	if len(changes) != len(want) {
		t.Fatalf("changes %v, want %v", changes, want)
	}
	got := map[string]string{}
	for _, c := range changes {
		got[c.Path] = c.Kind
	}
	for _, w := range want {
		if got[w.Path] != w.Kind {
			t.Errorf("%s: %q, want %q", w.Path, got[w.Path], w.Kind)
		}
	}

	if _, err := plan.Write(); err != nil {
		t.Fatal(err)
	}
	if changes, _ := plan.Diff(); len(changes) != 0 {
		t.Errorf("after Write, changes %v", changes)
	}
	if _, err := os.Stat(extra); !os.IsNotExist(err) {
		t.Errorf("extra generated file not removed: %v", err)
	}
	if _, err := os.Stat(handWritten); err != nil {
		t.Errorf("hand-written file touched: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".stelviogen-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// A hand-written file at a generated path stops the whole run before anything
// is written: the other file is not created either.
func TestWriteRefusesHandWrittenFile(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "order"+Suffix)
	other := filepath.Join(dir, "user"+Suffix)
	if err := os.WriteFile(mine, []byte("package p // mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := Plan{Files: map[string][]byte{mine: gen(""), other: gen("")}, Dirs: []string{dir}}
	_, err := plan.Write()
	if err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if src, _ := os.ReadFile(mine); string(src) != "package p // mine\n" {
		t.Errorf("hand-written file changed: %q", src)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("other file written despite the refusal")
	}
}

// When a file cannot be staged, nothing is replaced: the run is all or nothing.
func TestWriteAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a"+Suffix)
	if err := os.WriteFile(good, gen("// v1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	blocked := filepath.Join(dir, "blocker", "b"+Suffix)
	// A regular file where a directory must be created makes staging fail.
	if err := os.WriteFile(filepath.Join(dir, "blocker"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := Plan{Files: map[string][]byte{good: gen("// v2\n"), blocked: gen("")}, Dirs: []string{dir}}
	if _, err := plan.Write(); err == nil {
		t.Fatal("no error")
	}
	if src, _ := os.ReadFile(good); string(src) != string(gen("// v1\n")) {
		t.Errorf("a.go replaced although the run failed: %q", src)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".stelviogen-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// The model page and the export are generated files too: found as extra when
// no longer produced and removed at once, even under go generate (which
// lists only Go files, so there is nothing to retire); a file of that name
// without the marker is the user's.
func TestDocFilesExtraAndHandWritten(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "model_stelviogen.md")
	export := filepath.Join(dir, "model_workbench_stelviogen.json")
	notes := filepath.Join(dir, "notes_stelviogen.md")
	data := filepath.Join(dir, "data_stelviogen.json")
	for path, src := range map[string]string{
		page:   tags.GeneratedMarkdownHeader + "\n\n# old page\n",
		export: tags.GeneratedJSONPrefix + ` old"}}` + "\n",
		notes:  "# notes\n",
		data:   "{}\n",
	} {
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code := filepath.Join(dir, "a"+Suffix)
	plan := Plan{Files: map[string][]byte{code: gen("")}, Dirs: []string{dir}, Retire: true}
	extra, err := plan.Extra()
	if err != nil {
		t.Fatal(err)
	}
	if len(extra) != 2 || extra[0] != page || extra[1] != export {
		t.Fatalf("extra = %v, want the page and the export", extra)
	}
	if _, err := plan.Write(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{page, export} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s not removed (Retire applies to Go files only): %v", p, err)
		}
	}
	for _, p := range []string{notes, data} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("hand-written %s touched: %v", p, err)
		}
	}
	// A hand-written file where the page goes is refused.
	plan = Plan{Files: map[string][]byte{notes: []byte(tags.GeneratedMarkdownHeader + "\n")}, Dirs: []string{dir}}
	if _, err := plan.Write(); err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Errorf("err = %v, want a refusal", err)
	}
}
