package gen

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/tags"
)

// The generated constants and the runtime must name link variables alike.
func TestEnvNameMatchesRuntime(t *testing.T) {
	for _, name := range []string{"orders", "my-table.v2", "Users_2", "a b", "x", "über-table"} {
		if got, want := "STLV_"+envName(name)+"_TABLE_NAME", ddb.TableNameEnv(name); got != want {
			t.Errorf("%q: gen %q, runtime %q", name, got, want)
		}
	}
}

func TestIndexIdent(t *testing.T) {
	for in, want := range map[string]string{"status-index": "StatusIndex", "by-day": "ByDayIndex", "gsi.1": "Gsi1Index", "9lives": "X9livesIndex"} {
		if got := indexIdent(&tags.Index{Name: in}); got != want {
			t.Errorf("indexIdent(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileNameCollision(t *testing.T) {
	mk := func(name string) *tags.Table {
		f := &tags.Field{Path: []string{"ID"}, Attr: "id", Type: &tags.Type{Kind: tags.KindString, Basic: "string"}}
		return &tags.Table{Name: "t-" + name, Struct: &tags.Struct{Name: name, Fields: []*tags.Field{f}}, PK: &tags.Key{Field: f, Type: tags.AttrS}}
	}
	pkg := &tags.Package{Name: "p", Path: "example.com/p", Dir: t.TempDir(), Tables: []*tags.Table{mk("Order"), mk("ORDER")}}
	if _, err := Generate(pkg, Config{}); err == nil {
		t.Fatal("Order and ORDER share a file name: no error")
	}
}

// clashTable is a table of struct name with partition key "id" and an index of
// each given name, keyed on an attribute "a".
func clashTable(table, name string, indexes ...string) *tags.Table {
	id := handField("id", tString, "ID")
	a := handField("a", tString, "A")
	s := &tags.Struct{Name: name, PkgPath: "example.com/p", Fields: []*tags.Field{id, a}}
	t := &tags.Table{Name: table, Struct: s, PK: &tags.Key{Field: id, Type: tags.AttrS}}
	for _, ix := range indexes {
		t.GSIs = append(t.GSIs, &tags.Index{Name: ix, Kind: tags.GlobalIndex,
			PK: &tags.Key{Field: a, Type: tags.AttrS}, Projection: tags.Projection{Type: tags.ProjectAll}})
	}
	return t
}

func generateClash(t *testing.T, tables ...*tags.Table) error {
	t.Helper()
	pkg := &tags.Package{Name: "p", Path: "example.com/p", Dir: t.TempDir(), Tables: tables}
	_, err := Generate(pkg, Config{})
	var clash *NameClashError
	if err != nil && !errors.As(err, &clash) {
		t.Fatalf("error %v is not a NameClashError", err)
	}
	return err
}

func TestIndexesWithOneGoNameAreRefused(t *testing.T) {
	for _, names := range [][2]string{{"by-status", "by_status"}, {"by-status", "By.Status"}, {"---", "___"}} {
		err := generateClash(t, clashTable("things", "Thing", names[0], names[1]))
		want := fmt.Sprintf("indexes %q and %q of table \"things\" would both be named %s in Go: rename one", names[0], names[1], indexIdent(&tags.Index{Name: names[0]}))
		if err == nil || err.Error() != want {
			t.Errorf("indexes %q: error %v, want %q", names, err, want)
		}
	}
	if err := generateClash(t, clashTable("things", "Thing", "by-status", "by-state")); err != nil {
		t.Errorf("distinct index names: %v", err)
	}
}

func TestTableTypeNamedLikeGeneratedCodeIsRefused(t *testing.T) {
	thing := clashTable("things", "Thing")
	thing.Stream = tags.StreamNewImage // generates type ThingChange
	err := generateClash(t, thing, clashTable("changes", "ThingChange"))
	want := `type ThingChange of table "changes" has the name generated for table "things" (type Thing): rename one`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	thing.Stream = tags.StreamNone
	if err := generateClash(t, thing, clashTable("changes", "ThingChange")); err != nil {
		t.Errorf("without a stream: %v", err)
	}
}

func TestTablesGeneratingOneNameAreRefused(t *testing.T) {
	// Thing's index "x-store" and ThingX's index "store" both give the constant ThingXStoreIndex.
	err := generateClash(t, clashTable("things", "Thing", "x-store"), clashTable("thingxs", "ThingX", "store"))
	want := `tables "things" (type Thing) and "thingxs" (type ThingX) would both declare ThingXStoreIndex in Go: rename one`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

func TestFieldIdentSpellsOutSharedGoNames(t *testing.T) {
	outer, promoted, other := handField("name", tString, "Name"), handField("bname", tString, "Base", "Name"), handField("id", tString, "ID")
	s := &tags.Struct{Fields: []*tags.Field{other, promoted, outer}}
	for f, want := range map[*tags.Field]string{outer: "Name", promoted: "BaseName", other: "ID"} {
		if got := fieldIdent(s, f); got != want {
			t.Errorf("fieldIdent(%v) = %q, want %q", f.Path, got, want)
		}
	}
}

// An embedded struct's field and an outer field of one Go name each get their
// own update methods; the outer sort key keeps its plain name.
func TestPromotedFieldSharingAGoNameGetsDistinctMethods(t *testing.T) {
	id := handField("id", tString, "ID")
	rank := handField("rank", tInt64, "Rank")
	s := &tags.Struct{Name: "Thing", PkgPath: "example.com/p", Fields: []*tags.Field{
		id, handField("bname", tString, "Base", "Name"), handField("brank", tInt64, "Base", "Rank"),
		handField("name", tString, "Name"), rank,
	}}
	tb := &tags.Table{Name: "things", Struct: s, PK: &tags.Key{Field: id, Type: tags.AttrS}, SK: &tags.Key{Field: rank, Type: tags.AttrN}}
	pkg := &tags.Package{Name: "p", Path: "example.com/p", Dir: t.TempDir(), Tables: []*tags.Table{tb}}
	files, err := Generate(pkg, Config{})
	if err != nil {
		t.Fatal(err)
	}
	src := files[filepath.Join(pkg.Dir, "thing_stelviogen.go")]
	names, err := topLevelNames(src)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]int{}
	for _, n := range names {
		declared[n]++
	}
	for n, c := range declared {
		if c > 1 {
			t.Errorf("%s declared %d times", n, c)
		}
	}
	for _, field := range []string{"Name", "BaseName", "Rank", "BaseRank"} {
		// One handle each, in ThingAttributes and in its constructor.
		if !bytes.Contains(src, []byte("\t"+field+" ")) || !bytes.Contains(src, []byte("(&a."+field+", ")) {
			t.Errorf("no handle %s in\n%s", field, src)
		}
	}
}

// topLevelNames reads gofmt'd text; go/parser is the oracle on every
// committed generated file.
func TestTopLevelNamesMatchesParser(t *testing.T) {
	files, _ := filepath.Glob("../testdata/golden/*/*_stelviogen.go")
	more, _ := filepath.Glob("../testdata/golden/*/infra/*_stelviogen.go")
	stores, _ := filepath.Glob("../internal/*/*_stelviogen.go")
	files = append(append(files, more...), stores...)
	if len(files) < 20 {
		t.Fatalf("found %d generated files", len(files))
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := topLevelNames(src)
		if err != nil {
			t.Fatal(err)
		}
		want := parsedNames(t, src)
		sort.Strings(got)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s:\n got %v\nwant %v", path, got, want)
		}
	}
}

func parsedNames(t *testing.T, src []byte) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
				continue
			}
			recv := d.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			names = append(names, recv.(*ast.Ident).Name+"."+d.Name.Name)
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					names = append(names, sp.Name.Name)
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if n.Name != "_" {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	return names
}
