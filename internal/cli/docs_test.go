package cli

import (
	"bytes"
	"fmt"
	"io"
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

// BenchmarkDocs measures what the model page and the export cost: a whole
// run (-force: load, analyse, render, compare with the disk) of a package of
// ten tables, and rendering alone, with and without them.
func BenchmarkDocs(b *testing.B) {
	b.Setenv("STELVIOGEN_CACHE", "off")
	dir := synthPackage(b, 10)
	if code := Run([]string{dir}, io.Discard, io.Discard); code != 0 {
		b.Fatalf("generation: exit %d", code)
	}
	pkg, err := tags.Load(dir, tags.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for _, docs := range []bool{true, false} {
		b.Run(fmt.Sprintf("run/docs=%t", docs), func(b *testing.B) {
			for b.Loop() {
				if code := Run([]string{"-force", fmt.Sprintf("-docs=%t", docs), dir}, io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
		b.Run(fmt.Sprintf("render/docs=%t", docs), func(b *testing.B) {
			for b.Loop() {
				if _, err := gen.Generate(pkg, gen.Config{NoDocs: !docs}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
