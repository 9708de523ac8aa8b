// Package output writes generated files all-or-nothing and compares them with
// what is on disk for -check. It never overwrites a file stelviogen did not write.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/stelviogen/stelviogen/tags"
)

// Suffix ends the name of every generated Go file.
const Suffix = "_stelviogen.go"

// docSuffixes end the names of the other generated files: the model page and
// the NoSQL Workbench export.
var docSuffixes = []string{"_stelviogen.md", "_stelviogen.json"}

// generatedName reports whether a file name is one stelviogen may generate.
func generatedName(name string) bool {
	if strings.HasSuffix(name, Suffix) {
		return true
	}
	for _, s := range docSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// Change is one difference between the generated files and the disk.
type Change struct {
	Path string
	Kind string // "stale", "missing" or "extra"
}

// Plan is the set of files one run produces, and the directories it owns.
type Plan struct {
	Files map[string][]byte
	// Dirs are searched for generated files that the run no longer produces.
	Dirs []string
	// Retire rewrites those files as retired stubs (see Retired) instead of
	// removing them: go generate lists a package's files before running
	// the generators, and fails on one that has gone when it gets to it.
	Retire bool
}

// retiredMarker is the line that marks a retired stub.
const retiredMarker = "// stelviogen: this file's table is gone."

// Retired reports whether src is a retired stub: a generated file whose table
// is gone, left empty and excluded from builds by a run under go generate.
// The next run outside go generate removes it; -check does not count it, as
// it is excluded from builds.
func Retired(src []byte) bool {
	return tags.IsGenerated(src) && bytes.Contains(src, []byte("\n"+retiredMarker+"\n"))
}

// retiredStub is what a generated file becomes when its table is gone and
// it cannot be removed yet; it keeps the file's package clause, which go
// generate reads.
func retiredStub(old []byte) []byte {
	pkg := "p"
	for _, line := range strings.Split(string(old), "\n") {
		if name, ok := strings.CutPrefix(line, "package "); ok {
			pkg = strings.TrimSpace(name)
			break
		}
	}
	return []byte(tags.GeneratedHeader + "\n\n//go:build ignore\n\n" + retiredMarker + "\n" +
		"// It is kept, excluded from builds, because go generate was still to read it;\n" +
		"// stelviogen removes it when run outside go generate, or delete it.\n\n" +
		"package " + pkg + "\n")
}

// Diff lists what differs between the plan and the disk, sorted by path.
// A hand-written file at a generated path is an error.
func (p Plan) Diff() ([]Change, error) {
	var changes []Change
	var errs []error
	for _, path := range sortedPaths(p.Files) {
		old, err := os.ReadFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			changes = append(changes, Change{path, "missing"})
		case err != nil:
			errs = append(errs, err)
		case !tags.IsGeneratedFile(path, old):
			errs = append(errs, fmt.Errorf("%s: refusing to overwrite a file stelviogen did not write (%s): rename or move it", path, headerOf(path)))
		case !bytes.Equal(old, p.Files[path]):
			changes = append(changes, Change{path, "stale"})
		}
	}
	extra, err := p.Extra()
	if err != nil {
		errs = append(errs, err)
	}
	for _, path := range extra {
		changes = append(changes, Change{path, "extra"})
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, errors.Join(errs...)
}

// Extra lists generated files in the plan's directories that it does not produce
// (a table was removed or renamed), retired stubs aside. Only the keys of
// Files matter here.
func (p Plan) Extra() ([]string, error) {
	extra, _, err := p.notProduced()
	return extra, err
}

// RetiredStubs lists the retired stubs in the plan's directories.
func (p Plan) RetiredStubs() ([]string, error) {
	_, retired, err := p.notProduced()
	return retired, err
}

// notProduced lists the generated files of the plan's directories that it
// does not produce: extra ones, and retired stubs.
func (p Plan) notProduced() (extra, retired []string, err error) {
	for _, dir := range p.Dirs {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			if e.IsDir() || !generatedName(e.Name()) {
				continue
			}
			if _, ours := p.Files[path]; ours {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return nil, nil, err
			}
			switch {
			case Retired(src):
				retired = append(retired, path)
			case tags.IsGeneratedFile(path, src):
				extra = append(extra, path)
			}
		}
	}
	sort.Strings(extra)
	sort.Strings(retired)
	return extra, retired, nil
}

// AfterStaging, when set, runs once every new file is staged and before any is
// renamed into place. Tests use it to kill the process at the worst moment.
var AfterStaging func()

// Write brings the disk in line with the plan: every changed file is first
// written to a temporary file beside it, and only when all of them are written
// are they renamed into place; generated files no longer produced are removed.
// An interrupted run leaves either the old or the new version of each file,
// never a partial one. It returns the changes made.
func (p Plan) Write() ([]Change, error) {
	changes, err := p.Diff()
	if err != nil {
		return nil, err
	}
	p.removeLeftovers()
	type pending struct{ tmp, dst string }
	var staged []pending
	cleanup := func() {
		for _, s := range staged {
			os.Remove(s.tmp)
		}
	}
	for _, c := range changes {
		src := p.Files[c.Path]
		if c.Kind == "extra" {
			if !p.Retire || !strings.HasSuffix(c.Path, ".go") {
				continue // removed below, once the rest is in place
			}
			old, err := os.ReadFile(c.Path)
			if err != nil {
				cleanup()
				return nil, err
			}
			src = retiredStub(old) // staged and renamed like the others
		}
		dir := filepath.Dir(c.Path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			cleanup()
			return nil, err
		}
		f, err := os.CreateTemp(dir, ".stelviogen-*.tmp")
		if err != nil {
			cleanup()
			return nil, err
		}
		staged = append(staged, pending{f.Name(), c.Path})
		_, werr := f.Write(src)
		if serr := f.Sync(); werr == nil {
			werr = serr
		}
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Chmod(f.Name(), 0o644)
		}
		if werr != nil {
			cleanup()
			return nil, fmt.Errorf("writing %s: %w", c.Path, werr)
		}
	}
	if AfterStaging != nil {
		AfterStaging()
	}
	for i, s := range staged {
		if err := os.Rename(s.tmp, s.dst); err != nil {
			for _, rest := range staged[i:] {
				os.Remove(rest.tmp)
			}
			return nil, fmt.Errorf("replacing %s: %w", s.dst, err)
		}
	}
	if !p.Retire {
		// Outside go generate, the stubs a run under it left go too.
		_, retired, err := p.notProduced()
		if err != nil {
			return nil, err
		}
		for _, path := range retired {
			if err := os.Remove(path); err != nil {
				return nil, err
			}
		}
	}
	for _, c := range changes {
		// go generate lists Go files only: other files go at once.
		if c.Kind == "extra" && (!p.Retire || !strings.HasSuffix(c.Path, ".go")) {
			if err := os.Remove(c.Path); err != nil {
				return nil, err
			}
		}
	}
	return changes, nil
}

// removeLeftovers deletes temporary files a killed run left behind.
func (p Plan) removeLeftovers() {
	for _, dir := range p.Dirs {
		tmps, _ := filepath.Glob(filepath.Join(dir, ".stelviogen-*.tmp"))
		for _, t := range tmps {
			os.Remove(t)
		}
	}
}

// headerOf says which generated-file marker a file of that name lacks.
func headerOf(path string) string {
	switch {
	case strings.HasSuffix(path, ".md"):
		return fmt.Sprintf("its first line is not %q", tags.GeneratedMarkdownHeader)
	case strings.HasSuffix(path, ".json"):
		return `it does not begin with {"ModelMetadata": {"Description": "Code generated by stelviogen. DO NOT EDIT.`
	}
	return fmt.Sprintf("its first line is not %q", tags.GeneratedHeader)
}

func sortedPaths(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
