// Package compilecheck type-checks snippets of Go that must not compile (and
// controls that must), for tests that prove a mistake is a compile error.
// Each snippet becomes the body of a function in a file laid over an existing
// package directory (never written to disk), and is expected to fail with a
// message containing its Want, on its own line.
package compilecheck

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// Snippet is a function body and part of the compiler's message it must
// cause; an empty Want marks a control, which must compile.
type Snippet = struct{ Name, Code, Want string }

// Run checks snippets in the package at dir: header is the overlaid file's
// package clause, imports and declarations; params the parameter list of
// each snippet's function.
func Run(t *testing.T, dir, header, params string, snippets []Snippet) {
	t.Helper()
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	src.WriteString(header)
	lines := map[int]int{} // line of a snippet -> its index
	line := strings.Count(header, "\n") + 1
	for i, s := range snippets {
		fmt.Fprintf(&src, "\nfunc snippet%d(%s) {\n\t%s\n}\n", i, params, s.Code)
		line += 2
		lines[line] = i
		line += 2
	}
	file := filepath.Join(dir, "snippets.go")
	pkgs, err := packages.Load(&packages.Config{
		Mode:    packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:     dir,
		Overlay: map[string][]byte{file: []byte(src.String())},
	}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 {
		t.Fatalf("loaded %d packages", len(pkgs))
	}
	got := map[int][]string{} // snippet -> its errors
	for _, e := range pkgs[0].Errors {
		if e.Kind != packages.TypeError {
			continue // the go command's summary of the same errors
		}
		parts := strings.Split(e.Pos, ":") // file:line:col
		if len(parts) < 3 || !strings.HasSuffix(parts[0], "snippets.go") {
			t.Errorf("error outside the snippets: %v", e)
			continue
		}
		var ln int
		fmt.Sscan(parts[1], &ln)
		i, ok := lines[ln]
		if !ok {
			t.Errorf("error on line %d, which holds no snippet: %v", ln, e)
			continue
		}
		got[i] = append(got[i], e.Msg)
	}
	for i, s := range snippets {
		t.Run(s.Name, func(t *testing.T) {
			msgs := got[i]
			if s.Want == "" {
				if len(msgs) != 0 {
					t.Fatalf("%s\ndoes not compile: %q", s.Code, msgs)
				}
				return
			}
			for _, m := range msgs {
				if strings.Contains(m, s.Want) {
					return
				}
			}
			t.Fatalf("%s\ncompiled with errors %q, want one containing %q", s.Code, msgs, s.Want)
		})
	}
}
