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
	for in, want := range map[string]string{"Type": "typeValue", "Ctx": "ctxValue", "Key": "keyValue", "Date": "date", "Range": "rangeValue"} {
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
	addDecls(f, queryDecls(tb))
	src, err := render(f)
	if err != nil {
		t.Fatal(err)
	}
	has := func(s string) bool { return bytes.Contains(src, []byte(s)) }
	for _, want := range []string{
		"func (q OrderQuery) StatusBeginsWith(v string) OrderQuery",
		"func (q OrderQuery) ConsistentRead() OrderQuery",
		"func (q OrderByTotalIndexQuery) ConsistentRead() OrderByTotalIndexQuery",
		"func (q OrderByTotalIndexQuery) TotalBetween(lo, hi float64) OrderByTotalIndexQuery",
		"func (s *OrderReadOnlyStore) QueryByStatusIndex(status string) OrderByStatusIndexQuery",
		"func (q OrderByStatusIndexQuery) All(ctx context.Context) iter.Seq2[OrderByStatusIndexProjection, error]",
		"func (q OrderByTotalIndexQuery) Page(ctx context.Context, cursor string) ([]Order, string, error)",
	} {
		if !has(want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, unwanted := range []string{"OrderByStatusIndexQuery) ConsistentRead", "TotalBeginsWith"} {
		if has(unwanted) {
			t.Errorf("unexpected %q", unwanted)
		}
	}
}
