package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/tags"
)

// infraTestFiles renders the infra file of every table of the given test package.
func infraTestFiles(t *testing.T, pkgDir string) (map[*tags.Table]*ast.File, *token.FileSet) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", pkgDir))
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := tags.Load(dir, tags.LoadOptions{})
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	fset := token.NewFileSet()
	out := map[*tags.Table]*ast.File{}
	for _, tb := range pkg.Tables {
		src, err := render(infraFile(pkg, tb, "infra", pkg.Path+"/infra"))
		if err != nil {
			t.Fatalf("rendering %s: %v", tb.Struct.Name, err)
		}
		f, err := parser.ParseFile(fset, tb.Struct.Name+".go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[tb] = f
	}
	return out, fset
}

// The infra file is declarations plus one-line calls into runtime/awsinfra: every
// function but the definition's is at most a handful of statements, and the file
// imports Pulumi, the dynamodb package and awsinfra only.
func TestInfraFilesAreThin(t *testing.T) {
	for _, dir := range []string{"internal/storetest", "example/models"} {
		files, _ := infraTestFiles(t, dir)
		for tb, f := range files {
			var imports []string
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				imports = append(imports, p)
			}
			slices.Sort(imports)
			want := []string{pkgPulumiDB, pkgPulumi, pkgAWSInfra}
			slices.Sort(want)
			if !slices.Equal(imports, want) {
				t.Errorf("%s: imports %v, want %v", tb.Name, imports, want)
			}
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || strings.HasSuffix(fn.Name.Name, "TableArgs") {
					continue
				}
				if n := len(fn.Body.List); n > 5 {
					t.Errorf("%s: %s has %d statements; logic belongs in runtime/awsinfra", tb.Name, fn.Name.Name, n)
				}
			}
		}
	}
}

// The table's description carries its key and stream view, so the runtime can
// check existing tables and typed filters; Subscribe exists only with a stream.
func TestInfraTableDef(t *testing.T) {
	files, _ := infraTestFiles(t, "internal/storetest")
	for tb, f := range files {
		fields := map[string]string{}
		var funcs []string
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if len(n.Names) == 1 && n.Names[0].Name == tableDefName(tb) {
					for _, e := range n.Values[0].(*ast.CompositeLit).Elts {
						kv := e.(*ast.KeyValueExpr)
						switch v := kv.Value.(type) {
						case *ast.BasicLit:
							fields[kv.Key.(*ast.Ident).Name], _ = strconv.Unquote(v.Value)
						case *ast.Ident:
							fields[kv.Key.(*ast.Ident).Name] = v.Name
						}
					}
				}
			case *ast.FuncDecl:
				funcs = append(funcs, n.Name.Name)
			}
			return true
		})
		n := typeName(tb)
		want := map[string]string{"Name": tb.Name, "HashKey": tb.PK.Field.Attr, "Args": n + "TableArgs"}
		if tb.SK != nil {
			want["RangeKey"] = tb.SK.Field.Attr
		}
		if tb.Stream != tags.StreamNone {
			want["StreamView"] = string(tb.Stream)
		}
		if len(fields) != len(want) {
			t.Errorf("%s: table def %v, want %v", tb.Name, fields, want)
		}
		for k, v := range want {
			if fields[k] != v {
				t.Errorf("%s: table def %s = %q, want %q", tb.Name, k, fields[k], v)
			}
		}
		for _, fn := range []string{"New" + n + "Table", "Get" + n + "Table", "Link", "ReadOnlyLink"} {
			if !slices.Contains(funcs, fn) {
				t.Errorf("%s: no %s", tb.Name, fn)
			}
		}
		if has := slices.Contains(funcs, "Subscribe"); has != (tb.Stream != tags.StreamNone) {
			t.Errorf("%s: Subscribe generated = %v with stream %q", tb.Name, has, tb.Stream)
		}
	}
}
