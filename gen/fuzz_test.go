package gen

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"github.com/stelviogen/stelviogen/tags"
	"golang.org/x/tools/go/packages"
)

// FuzzGenerate runs the whole generator, analysis included, on fuzzed Go source.
// Whatever the input: no panic; bad input gives positioned diagnostics; a model
// that passes validation generates Go that parses, or a NameClashError.
func FuzzGenerate(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/golden/*/models.go")
	errSeeds, _ := filepath.Glob("../testdata/golden/errors/*/input.go")
	for _, path := range append(seeds, errSeeds...) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	f.Fuzz(func(t *testing.T, src string) {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "input.go", src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return
		}
		for _, spec := range file.Imports {
			if spec.Path.Value != `"time"` {
				return // only what the importer can serve quickly
			}
		}
		info := &types.Info{
			Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
			Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{},
		}
		conf := types.Config{Importer: imp, Error: func(error) {}}
		tpkg, err := conf.Check("example.com/fuzz", fset, []*ast.File{file}, info)
		if err != nil {
			return
		}
		pkg := &packages.Package{Name: tpkg.Name(), PkgPath: "example.com/fuzz", Fset: fset,
			Syntax: []*ast.File{file}, Types: tpkg, TypesInfo: info}
		model, err := tags.Analyze(pkg, "/fuzz", tags.LoadOptions{})
		if err != nil {
			var diags tags.Errors
			if !errors.As(err, &diags) || len(diags) == 0 {
				t.Fatalf("analysis error without diagnostics: %v", err)
			}
			for _, d := range diags {
				if d.Pos.File != "input.go" || d.Pos.Line < 1 || d.Pos.Col < 1 || d.Msg == "" {
					t.Fatalf("diagnostic without a position: %q", d.String())
				}
			}
			return
		}
		files, err := Generate(model, Config{DirectJSON: true}) // every emitter, the JSON codec too
		var clash *NameClashError
		if errors.As(err, &clash) {
			return // names that would collide in Go are refused with an explanation
		}
		if err != nil {
			t.Fatalf("valid model failed to generate: %v", err)
		}
		for path, out := range files {
			switch filepath.Ext(path) {
			case ".json":
				if !json.Valid(out) || !tags.IsGeneratedFile(path, out) {
					t.Fatalf("%s is not a generated JSON file:\n%s", path, out)
				}
				continue
			case ".md":
				if !tags.IsGeneratedFile(path, out) {
					t.Fatalf("%s lacks the generated-file marker:\n%s", path, out)
				}
				checkMermaid(t, path, out)
				continue
			}
			if _, err := parser.ParseFile(token.NewFileSet(), path, out, 0); err != nil {
				t.Fatalf("%s does not parse: %v\n%s", path, err, out)
			}
		}
	})
}
