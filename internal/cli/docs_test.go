package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/gen"
	"github.com/stelviogen/stelviogen/tags"
)

// The model page and the export are outputs like the Go files: written by a
// run, checked by -check (stale, missing, extra), never written over when
// hand-written, and gone with -docs=false.
func TestDocsFlagAndCheck(t *testing.T) {
	t.Setenv("STELVIOGEN_CACHE", "off")
	dir := moduleTempDir(t)
	write(t, filepath.Join(dir, "models.go"), replaceBase)
	page, export := filepath.Join(dir, gen.PageFile), filepath.Join(dir, gen.WorkbenchFile)
	if code := runQuiet(t, dir); code != 0 {
		t.Fatalf("generation: exit %d", code)
	}
	for _, f := range []string{page, export} {
		src, err := os.ReadFile(f)
		if err != nil || !tags.IsGeneratedFile(f, src) {
			t.Fatalf("%s not written as a generated file: %v", f, err)
		}
	}
	check := func(args ...string) (int, string) {
		var stderr bytes.Buffer
		code := Run(append(append([]string{"-check"}, args...), dir), &bytes.Buffer{}, &stderr)
		return code, stderr.String()
	}
	if code, msg := check(); code != 0 {
		t.Fatalf("-check after generation: exit %d\n%s", code, msg)
	}
	// An edited page is stale; a deleted one missing.
	good, _ := os.ReadFile(page)
	write(t, page, string(good)+"edited\n")
	if code, msg := check(); code != 1 || !strings.Contains(msg, gen.PageFile+": stale generated file") {
		t.Errorf("-check of an edited page: exit %d\n%s", code, msg)
	}
	os.Remove(page)
	if code, msg := check(); code != 1 || !strings.Contains(msg, gen.PageFile+": missing generated file") {
		t.Errorf("-check without the page: exit %d\n%s", code, msg)
	}
	// With -docs=false the existing files are extra, and a run removes them.
	write(t, page, string(good))
	if code, msg := check("-docs=false"); code != 1 || !strings.Contains(msg, gen.WorkbenchFile+": extra generated file") {
		t.Errorf("-check -docs=false: exit %d\n%s", code, msg)
	}
	if code := Run([]string{"-docs=false", dir}, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
		t.Fatalf("-docs=false: exit %d", code)
	}
	for _, f := range []string{page, export} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s kept by -docs=false: %v", f, err)
		}
	}
	// A hand-written file at the page's path stops the run: nothing written.
	write(t, page, "# My notes\n")
	var stderr bytes.Buffer
	if code := Run([]string{dir}, &bytes.Buffer{}, &stderr); code != 1 || !strings.Contains(stderr.String(), "refusing to overwrite") {
		t.Errorf("hand-written page: exit %d\n%s", code, stderr.String())
	}
	if src, _ := os.ReadFile(page); string(src) != "# My notes\n" {
		t.Errorf("hand-written page changed: %q", src)
	}
	if _, err := os.Stat(export); !os.IsNotExist(err) {
		t.Errorf("export written although the run failed: %v", err)
	}
}
