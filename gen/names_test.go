package gen

import (
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
