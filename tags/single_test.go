package tags

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/keys"
)

// loadSrc loads one package made of src in a fresh module.
func loadSrc(t *testing.T, src string, opts LoadOptions) (*Package, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/p\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "m.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(dir, opts)
}

func mustLoadSrc(t *testing.T, src string, opts LoadOptions) *Package {
	t.Helper()
	pkg, err := loadSrc(t, src, opts)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func tableNamed(t *testing.T, pkg *Package, name string) *Table {
	t.Helper()
	for _, tb := range pkg.Tables {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("no table %q", name)
	return nil
}

// keyList renders an entity's key templates as attr[index]=normalized.
func keyList(e *Entity) []string {
	var out []string
	for _, k := range e.Keys {
		ix := ""
		if k.Index != nil {
			ix = "[" + k.Index.Name + "]"
		}
		role := "pk"
		if k.Role == keys.SortKey {
			role = "sk"
		}
		out = append(out, k.Attr.Attr+ix+":"+role+"="+k.Template.Normalized())
	}
	return out
}

func TestSingleTableGoldenModel(t *testing.T) {
	pkg, err := Load("../testdata/golden/single-table", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkg.Tables) != 1 {
		t.Fatalf("%d tables, want 1 (entities are not tables)", len(pkg.Tables))
	}
	shop := pkg.Tables[0]
	if !shop.IsEntityTable() || shop.TypeAttr != "kind" || shop.TypeField != nil || shop.Sep != '#' {
		t.Errorf("entity table %v, type attr %q, type field %v, sep %q", shop.IsEntityTable(), shop.TypeAttr, shop.TypeField, shop.Sep)
	}
	var names []string
	for _, e := range shop.Entities {
		names = append(names, e.Name+"="+e.Struct.Name)
		if e.Table != shop {
			t.Errorf("%s: table not set", e.Name)
		}
	}
	if want := []string{"customer=Customer", "order=Order", "order-item=OrderItem", "product=Product"}; !reflect.DeepEqual(names, want) {
		t.Errorf("entities %v, want %v", names, want)
	}
	want := map[string][]string{
		"customer": {"pk:pk=CUSTOMER#{ID:string}", "sk:sk=PROFILE", "gsi1pk[gsi1]:pk=EMAIL#{Email:string|lower}", "gsi1sk[gsi1]:sk=CUSTOMER"},
		"order": {"pk:pk=CUSTOMER#{CustomerID:string}", "sk:sk=ORDER#{PlacedAt:time}#{ID:string}",
			"gsi1pk[gsi1]:pk=ORDER#{ID:string}", "gsi1sk[gsi1]:sk=ORDER",
			"gsi2pk[by-status]:pk=STATUS#{Status:string}", "gsi2sk[by-status]:sk=ORDER#{PlacedAt:time}#{ID:string}"},
		"order-item": {"pk:pk=ORDER#{OrderID:string}", "sk:sk=ITEM#{Line:int}", "gsi1pk[gsi1]:pk=ORDER#{OrderID:string}", "gsi1sk[gsi1]:sk=ITEM#{Line:int}"},
		"product":    {"pk:pk=PRODUCT#{SKU:string}", "sk:sk=PRICE#{Price:float|fixed=2}"},
	}
	for _, e := range shop.Entities {
		if got := keyList(e); !reflect.DeepEqual(got, want[e.Name]) {
			t.Errorf("%s keys:\n got %q\nwant %q", e.Name, got, want[e.Name])
		}
	}
	order := shop.Entities[1]
	if order.Version == nil || order.Version.GoName() != "Version" || order.TTL != nil {
		t.Errorf("order version %v ttl %v", order.Version, order.TTL)
	}
	if p := shop.Entities[3]; p.TTL == nil || shop.TTLAttr() != "expires_at" {
		t.Errorf("product TTL %v, table TTL attribute %q", p.TTL, shop.TTLAttr())
	}
	sk := order.Key("sk")
	if got := []string{sk.Fields[0].GoName(), sk.Fields[1].GoName()}; !reflect.DeepEqual(got, []string{"PlacedAt", "ID"}) {
		t.Errorf("sk fields %v", got)
	}
	// Positions point at the template text inside the tag.
	src, err := os.ReadFile("../testdata/golden/single-table/models.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	for _, e := range shop.Entities {
		for _, k := range e.Keys {
			line := lines[k.Pos.Line-1]
			if !strings.HasPrefix(line[k.Pos.Col-1:], k.Text+",") && !strings.HasPrefix(line[k.Pos.Col-1:], k.Text+"\"") {
				t.Errorf("%s %s: position %s is at %q", e.Name, k.Attr.Attr, k.Pos, line[k.Pos.Col-1:])
			}
		}
		if l := lines[e.TagPos.Line-1]; !strings.HasPrefix(l[e.TagPos.Col-1:], "entity=") {
			t.Errorf("%s: tag position %s is at %q", e.Name, e.TagPos, l[e.TagPos.Col-1:])
		}
	}
	var cols []string
	for _, c := range shop.Collections {
		ix := "-"
		if c.Index != nil {
			ix = c.Index.Name
		}
		var ms []string
		for _, m := range c.Members {
			ms = append(ms, m.Name)
		}
		cols = append(cols, c.Name+"@"+ix+":"+strings.Join(ms, ","))
	}
	if want := []string{"Customer@-:customer,order", "OrderGsi1Index@gsi1:order,order-item"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("collections %v, want %v", cols, want)
	}
	if !order.InIndex(nil) || !order.InIndex(shop.GSIs[1]) || shop.Entities[3].InIndex(shop.GSIs[0]) {
		t.Error("InIndex")
	}
}

// A single-struct table's model has none of the single-table fields set.
func TestSingleStructTableUnchanged(t *testing.T) {
	pkg := mustLoadSrc(t, "package p\n\ntype Order struct {\n\tID string `dynamo:\"pk\"`\n\tSK string `dynamo:\"sk\"`\n}\n", LoadOptions{})
	tb := pkg.Tables[0]
	if tb.Entities != nil || tb.TypeAttr != "" || tb.TypeField != nil || tb.Sep != 0 || tb.Collections != nil || tb.IsEntityTable() {
		t.Errorf("single-struct table has single-table fields: %+v", tb)
	}
}

const hierSrc = `package p

type T struct {
	_      struct{} ` + "`dynamo:\"table=things,sep=|,type=kind\"`" + `
	PK     string   ` + "`dynamodbav:\"pk\" dynamo:\"pk\"`" + `
	SK     string   ` + "`dynamodbav:\"sk\" dynamo:\"sk\" gsi:\"inverted,pk\"`" + `
	LSISK  string   ` + "`dynamodbav:\"lsisk\" lsi:\"by-date,project=day|kind\"`" + `
}

type Order struct {
	_     struct{} ` + "`dynamo:\"entity=order,in=T\" key:\"pk=ORDER|{ID},sk=ORDER|{ID},lsisk=DATE|{Day}\"`" + `
	ID    string   ` + "`dynamodbav:\"id\"`" + `
	Day   string   ` + "`dynamodbav:\"day\"`" + `
}

type Item struct {
	_       struct{} ` + "`dynamo:\"entity=item,in=T\" key:\" pk=ORDER|{OrderID}, sk=ORDER|{OrderID}|ITEM|{N}\"`" + `
	OrderID string   ` + "`dynamodbav:\"order_id\"`" + `
	N       SKU      ` + "`dynamodbav:\"n\"`" + `
}

type SKU string

func (s SKU) KeyText() (string, error)      { return string(s), nil }
func (s *SKU) ParseKeyText(t string) error { *s = SKU(t); return nil }
`

// Hierarchical sort keys (ORDER|{ID} and ORDER|{OrderID}|ITEM|{N}) are not
// confusable: they form a collection. sep=, type=, an LSI, an attribute
// filling two slots (sk is the inverted index's pk), a custom key type and
// spaces around attribute names.
func TestHierarchicalKeysFormCollection(t *testing.T) {
	pkg := mustLoadSrc(t, hierSrc, LoadOptions{})
	tb := pkg.Tables[0]
	if tb.Sep != '|' || tb.TypeAttr != "kind" {
		t.Errorf("sep %q type attr %q", tb.Sep, tb.TypeAttr)
	}
	order, item := tb.Entities[0], tb.Entities[1]
	if got, want := keyList(order), []string{"pk:pk=ORDER|{ID:string}", "sk:sk=ORDER|{ID:string}", "lsisk[by-date]:sk=DATE|{Day:string}", "sk[inverted]:pk=ORDER|{ID:string}"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order keys %q, want %q", got, want)
	}
	if got, want := keyList(item), []string{"pk:pk=ORDER|{OrderID:string}", "sk:sk=ORDER|{OrderID:string}|ITEM|{N:custom}", "sk[inverted]:pk=ORDER|{OrderID:string}|ITEM|{N:custom}"}; !reflect.DeepEqual(got, want) {
		t.Errorf("item keys %q, want %q", got, want)
	}
	if got := tb.LSIs[0].Projection; got.Type != ProjectInclude || !reflect.DeepEqual(got.NonKey, []string{"day", "kind"}) {
		t.Errorf("LSI projection %+v", got)
	}
	if item.InIndex(tb.LSIs[0]) || !order.InIndex(tb.LSIs[0]) {
		t.Error("LSI membership")
	}
	if pk, sk := order.Templates(tb.LSIs[0]); pk != order.Key("pk") || sk != order.Key("lsisk") {
		t.Error("LSI templates")
	}
	if len(tb.Collections) != 1 || tb.Collections[0].Name != "Order" || tb.Collections[0].Index != nil || len(tb.Collections[0].Members) != 2 {
		t.Errorf("collections %+v", tb.Collections)
	}
	if got := keys.Compare(order.Key("sk").Template, item.Key("sk").Template); got.Equal != nil || got.BInA == nil {
		t.Errorf("sort keys not hierarchical: %s", got.Explain())
	}
}

// -type naming an entity selects its table (with all its entities); naming
// the table brings its entities; other tables stay out.
func TestTypeSelectionWithEntities(t *testing.T) {
	src := hierSrc + "\ntype Other struct {\n\tID string `dynamo:\"pk\"`\n}\n"
	for _, types := range [][]string{{"Item"}, {"T"}, {"Order", "T"}} {
		pkg := mustLoadSrc(t, src, LoadOptions{Types: types})
		if len(pkg.Tables) != 1 || pkg.Tables[0].Struct.Name != "T" || len(pkg.Tables[0].Entities) != 2 {
			t.Errorf("-type %v: %d tables", types, len(pkg.Tables))
		}
	}
	pkg := mustLoadSrc(t, src, LoadOptions{Types: []string{"Other"}})
	if len(pkg.Tables) != 1 || pkg.Tables[0].IsEntityTable() {
		t.Errorf("-type Other: %d tables", len(pkg.Tables))
	}
}

// The type attribute adopted from a field of the table struct.
func TestTypeFieldAdopted(t *testing.T) {
	src := "package p\n\ntype Tab struct {\n\tPK string `dynamodbav:\"pk\" dynamo:\"pk\"`\n\tKind string `dynamodbav:\"kind\" dynamo:\"type\"`\n}\n\n" +
		"type E struct {\n\t_ struct{} `dynamo:\"entity=e,in=Tab\" key:\"pk=E#{ID}\"`\n\tID int64 `dynamodbav:\"id\"`\n}\n"
	tb := mustLoadSrc(t, src, LoadOptions{}).Tables[0]
	if tb.TypeField == nil || tb.TypeField.GoName() != "Kind" || tb.TypeAttr != "kind" || tb.Entities[0].Keys[0].Template.Fields[0].Enc != keys.EncInt {
		t.Errorf("type field %v attr %q", tb.TypeField, tb.TypeAttr)
	}
}

// Every problem is reported at once with its position (the golden cases under
// testdata/golden/errors/st-* check each message); here: an entity with
// several problems reports them all.
func TestEntityErrorsAllAtOnce(t *testing.T) {
	src := "package p\n\ntype Tab struct {\n\tPK string `dynamodbav:\"pk\" dynamo:\"pk\"`\n\tSK string `dynamodbav:\"sk\" dynamo:\"sk\"`\n}\n\n" +
		"type E struct {\n\t_ struct{} `dynamo:\"entity=e,in=Tab\" key:\"pk=E#{Nope},sk={B}\"`\n\tB bool `dynamodbav:\"b\"`\n}\n"
	_, err := loadSrc(t, src, LoadOptions{})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("got %v, want 2 errors", err)
	}
	if errs[0].Pos.Line != 9 || errs[0].Pos.Col != 50 || !strings.Contains(errs[0].Msg, "field Nope in pk template") {
		t.Errorf("first: %s", errs[0])
	}
	if errs[1].Pos.Col != 60 || !strings.Contains(errs[1].Msg, "field B in sk template") {
		t.Errorf("second: %s", errs[1])
	}
}

func TestSplitKeyTag(t *testing.T) {
	got := splitKeyTag("pk=A#{X|fixed=2},sk=B{Y}", 10)
	want := []option{{"pk=A#{X|fixed=2}", 10}, {"sk=B{Y}", 27}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
	// A comma inside braces does not split (the template parser reports it).
	if got := splitKeyTag("pk={A,B},sk=C", 0); len(got) != 2 || got[0].Text != "pk={A,B}" {
		t.Errorf("got %+v", got)
	}
}

func TestCollectionWordAndIndexGoName(t *testing.T) {
	e := &Entity{Struct: &Struct{Name: "Thing"}}
	for src, want := range map[string]string{
		"CUSTOMER#{ID}":       "Customer",
		"order_line#{ID}":     "OrderLine",
		"OrderItems#{ID}":     "OrderItems",
		"USER-PROFILE#{ID}":   "UserProfile",
		"{ID}":                "Thing",
		"9LIVES#{ID}":         "Thing",
		"ORG#{Org}#USER#{ID}": "Org",
	} {
		tpl, err := keys.Parse(src, keys.PartitionKey, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := collectionWord(tpl, e); got != want {
			t.Errorf("%s: %s, want %s", src, got, want)
		}
	}
	for name, want := range map[string]string{"gsi1": "Gsi1Index", "status-index": "StatusIndex", "by_day": "ByDayIndex", "1x": "X1xIndex"} {
		if got := (&Index{Name: name}).GoName(); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
}

// A template filling two key attributes (the inverted index) reports each
// problem once, even when the attributes' messages interleave.
func TestSharedSlotErrorsOnce(t *testing.T) {
	src := "package p\n\ntype Tab struct {\n\tPK string `dynamodbav:\"pk\" dynamo:\"pk\"`\n\tSK string `dynamodbav:\"sk\" dynamo:\"sk\" gsi:\"inverted,pk\"`\n}\n\n" +
		"type E struct {\n\t_ struct{} `dynamo:\"entity=e,in=Tab\" key:\"pk=E#{ID},sk=}" + strings.Repeat("X", 2100) + "\"`\n\tID string `dynamodbav:\"id\"`\n}\n"
	_, err := loadSrc(t, src, LoadOptions{})
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range errs {
		if seen[d.String()] {
			t.Errorf("reported twice: %s", d)
		}
		seen[d.String()] = true
	}
	if len(errs) != 3 { // '}', too long for a sort key, too long for a partition key
		t.Errorf("%d errors, want 3:\n%v", len(errs), errs)
	}
}
