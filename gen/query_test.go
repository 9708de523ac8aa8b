package gen

import (
	"bytes"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/tags"
)

func TestLowerFirstAndParamName(t *testing.T) {
	for in, want := range map[string]string{"CustomerID": "customerID", "ID": "id", "URLPath": "urlPath", "Order": "order", "x": "x", "Seq2": "seq2"} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Type": "typeValue", "Ctx": "ctxValue", "Opts": "optsValue", "Date": "date", "Range": "rangeValue", "Table": "tableValue"} {
		if got := paramName(&tags.Field{Path: []string{in}}); got != want {
			t.Errorf("paramName(%s) = %q, want %q", in, got, want)
		}
	}
}

// The handler-side files must link neither Pulumi nor reflection-based
// encoding on the hot path.
func TestStoreFilesImportNoPulumiNorReflect(t *testing.T) {
	for path, src := range storeTestFiles(t) {
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(p, "pulumi") || p == "reflect" || strings.HasSuffix(p, "/attributevalue") {
				t.Errorf("%s imports %s", path, p)
			}
		}
		if !bytes.HasPrefix(src, []byte(tags.GeneratedHeader+"\n")) {
			t.Errorf("%s lacks the generated-code header", path)
		}
	}
}

func TestStoreOutputIsDeterministic(t *testing.T) {
	a, b := storeTestFiles(t), storeTestFiles(t)
	for path := range a {
		if !bytes.Equal(a[path], b[path]) {
			t.Errorf("%s differs between two runs", path)
		}
	}
}

// Expressions never spell attribute names: every name goes through the
// Builder, so the generated code holds no expression strings at all.
func TestStoreFilesBuildNoExpressionStrings(t *testing.T) {
	for path, src := range storeTestFiles(t) {
		for _, frag := range []string{"Expression:", "attribute_exists", "begins_with", " = :", "#n"} {
			if bytes.Contains(src, []byte(frag)) {
				t.Errorf("%s contains %q: expressions belong to runtime/ddb's Builder", path, frag)
			}
		}
	}
}

func TestQueryMethodsPerIndexKind(t *testing.T) {
	pkS := &tags.Key{Field: &tags.Field{Path: []string{"CustomerID"}, Attr: "customer_id", Type: &tags.Type{Kind: tags.KindString, Basic: "string"}}, Type: tags.AttrS}
	skN := &tags.Key{Field: &tags.Field{Path: []string{"Total"}, Attr: "total", Type: &tags.Type{Kind: tags.KindFloat, Basic: "float64"}}, Type: tags.AttrN}
	skS := &tags.Key{Field: &tags.Field{Path: []string{"Status"}, Attr: "status", Type: &tags.Type{Kind: tags.KindString, Basic: "string"}}, Type: tags.AttrS}
	tb := &tags.Table{
		Name:   "orders",
		Struct: &tags.Struct{Name: "Order", PkgPath: "example.com/m", Fields: []*tags.Field{pkS.Field, skS.Field, skN.Field}},
		PK:     pkS,
		SK:     skS,
		LSIs:   []*tags.Index{{Name: "by-total", Kind: tags.LocalIndex, PK: pkS, SK: skN, Projection: tags.Projection{Type: tags.ProjectAll}}},
		GSIs:   []*tags.Index{{Name: "by-status", Kind: tags.GlobalIndex, PK: skS, SK: skN, Projection: tags.Projection{Type: tags.ProjectKeysOnly}}},
	}
	f := newFile("m", "example.com/m")
	vars, methods := queryMethods(tb)
	f.Var().Defs(vars...)
	for _, m := range methods {
		f.Add(m.decl(tb))
	}
	src, err := render(f)
	if err != nil {
		t.Fatal(err)
	}
	has := func(s string) bool { return bytes.Contains(src, []byte(s)) }
	for _, want := range []string{
		// The table and its LSI take TableQueryOptions (ConsistentRead among them).
		"func (s *OrderStore) Query(customerID string, opts ...ddb.TableQueryOption) *ddb.Query[Order]",
		"func (s *OrderStore) QueryByTotalIndex(customerID string, opts ...ddb.TableQueryOption) *ddb.Query[Order]",
		"func (s *OrderStore) ScanByTotalIndex(opts ...ddb.TableQueryOption) *ddb.Scan[Order]",
		// The GSI takes QueryOptions, which ConsistentRead is not, and yields its projection.
		"func (s *OrderStore) QueryByStatusIndex(status string, opts ...ddb.QueryOption) *ddb.Query[OrderByStatusIndexProjection]",
		"func (s *OrderStore) ScanByStatusIndex(opts ...ddb.QueryOption) *ddb.Scan[OrderByStatusIndexProjection]",
		"sort key condition: OrderAttrs.Status (Eq, Lt, Le, Gt, Ge, Between, BeginsWith)",
		"sort key condition: OrderAttrs.Total (Eq, Lt, Le, Gt, Ge, Between)",
	} {
		if !has(want) {
			t.Errorf("missing %q in\n%s", want, src)
		}
	}
	for _, unwanted := range []string{"QueryByStatusIndex(status string, opts ...ddb.TableQueryOption)", "Total (Eq, Lt, Le, Gt, Ge, Between, BeginsWith)"} {
		if has(unwanted) {
			t.Errorf("unexpected %q", unwanted)
		}
	}
}
