package gen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/keys"
	"github.com/stelviogen/stelviogen/tags"
)

// Every committed golden page's diagrams are valid Mermaid, the entity and
// collection diagrams of single-table designs included.
func TestGoldenPagesMermaid(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		src, err := os.ReadFile(filepath.Join(dir, PageFile))
		if err != nil {
			t.Fatal(err)
		}
		checkMermaid(t, filepath.Join(dir, PageFile), src)
	}
}

// singleTableOutputs loads the single-table golden case and generates its
// page and export.
func singleTableOutputs(t *testing.T) (*tags.Table, string, wbModel) {
	t.Helper()
	dir, err := filepath.Abs("../testdata/golden/single-table")
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := tags.Load(dir, tags.LoadOptions{})
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	if len(pkg.Tables) != 1 || !pkg.Tables[0].IsEntityTable() || len(pkg.Tables[0].Collections) == 0 {
		t.Fatalf("the single-table golden case is no longer one entity table with collections")
	}
	files, err := Generate(pkg, Config{})
	if err != nil {
		t.Fatal(err)
	}
	var page string
	var wb wbModel
	for path, out := range files {
		switch filepath.Base(path) {
		case PageFile:
			page = string(out)
		case WorkbenchFile:
			if err := json.Unmarshal(out, &wb); err != nil {
				t.Fatal(err)
			}
		}
	}
	if page == "" || len(wb.DataModel) != 1 {
		t.Fatal("no page or no export generated")
	}
	return pkg.Tables[0], page, wb
}

// entitySectionOf is the page's section of entity e.
func entitySectionOf(t *testing.T, page string, e *tags.Entity) string {
	t.Helper()
	_, sec, ok := strings.Cut(page, "#### "+entityHeading(e)+"\n")
	if !ok {
		t.Fatalf("the page has no section for entity %s", e.Name)
	}
	sec, _, _ = strings.Cut(sec, "\n#### ")
	return sec
}

// Each entity's section shows every key template it fills with an example
// key that the runtime's encoder built and splits back into the example
// values, marks the indexes it does not fill, and lists each query its store
// declares with the condition the runtime sends without a sort-key condition
// (which selects the example key). The export has one facet per entity whose
// aliases are its table-key templates and whose example item carries the
// same keys and its type.
func TestEntityPageAndExportShowTheTemplates(t *testing.T) {
	tbl, page, wb := singleTableOutputs(t)
	facets := map[string]wbFacet{}
	for _, f := range wb.DataModel[0].TableFacets {
		facets[f.FacetName] = f
	}
	if len(facets) != len(tbl.Entities) {
		t.Errorf("%d facets for %d entities", len(facets), len(tbl.Entities))
	}
	for _, e := range tbl.Entities {
		sec := entitySectionOf(t, page, e)
		facet, ok := facets[e.Name]
		if !ok {
			t.Errorf("no facet %s", e.Name)
			continue
		}
		if len(facet.TableData) != 1 || facet.TableData[0][tbl.TypeAttr]["S"] != e.Name {
			t.Errorf("facet %s: example item %v lacks %s = %s", e.Name, facet.TableData, tbl.TypeAttr, e.Name)
		}
		for _, k := range e.Keys {
			key, err := exampleKey(k)
			if err != nil {
				t.Errorf("%s %s: %v", e.Name, k.Text, err)
				continue
			}
			texts, err := k.Template.Split(nil, key)
			if err != nil {
				t.Errorf("%s: example key %q does not split back: %v", k.Text, key, err)
			}
			for i, p := range k.Template.Fields {
				want := exampleText(k.Fields[i])
				switch p.Enc {
				case keys.EncInt:
					want = keys.FormatInt(int64(exampleInt))
				case keys.EncUint:
					want = keys.FormatUint(uint64(exampleInt))
				case keys.EncTime:
					want, _ = keys.FormatTime(exampleTime)
				case keys.EncFixed:
					want, _ = keys.FormatFixed(float64(exampleInt), p.Decimals)
				}
				if i < len(texts) && texts[i] != want {
					t.Errorf("%s: field %s of the example key is %q, want %q", k.Text, p.Field, texts[i], want)
				}
			}
			if row := "| `" + k.Attr.Attr + "` | `" + cell(k.Text) + "` | `" + cell(key) + "` |"; !strings.Contains(sec, row) {
				t.Errorf("entity %s: the page lacks %q", e.Name, row)
			}
			if got := facet.TableData[0][k.Attr.Attr]["S"]; got != key {
				t.Errorf("facet %s: %s = %v, want %q", e.Name, k.Attr.Attr, got, key)
			}
			if k.Index == nil {
				alias := facet.KeyAttributeAlias.PartitionKeyAlias
				if k.Role == keys.SortKey {
					alias = facet.KeyAttributeAlias.SortKeyAlias
				}
				if alias != k.Text {
					t.Errorf("facet %s: alias of %s is %q, want the template %q", e.Name, k.Attr.Attr, alias, k.Text)
				}
			}
		}
		for _, ix := range tbl.Indexes() {
			marked := strings.Contains(sec, "| "+entityIndexName(ix)+" | — | not filled")
			if marked == e.InIndex(ix) {
				t.Errorf("entity %s, index %s: filled %t, marked sparse %t", e.Name, ix.Name, e.InIndex(ix), marked)
			}
		}
		for _, s := range entityQuerySpecs(e) {
			cond := s.pk.Attr.Attr + " = " + templateText(s.pk)
			if s.sk != nil {
				c, err := s.sk.Template.Prefix()
				if err != nil {
					t.Fatal(err)
				}
				ex, _ := exampleKey(s.sk)
				if !c.Match(ex) {
					t.Errorf("%s.%s: the condition %v does not select the example key %q", entStore(e), s.name, c, ex)
				}
				if c.Kind != keys.CondNone {
					cond += " AND " + condText(s.sk.Attr.Attr, c)
				}
			}
			if !strings.Contains(sec, "| `"+s.name+"(") || !strings.Contains(sec, "`"+cell(cond)+"`") {
				t.Errorf("entity %s: the page lacks %s with %q", e.Name, s.name, cond)
			}
		}
	}
	for _, col := range tbl.Collections {
		if !strings.Contains(page, "| `"+collectionQuery(col)+"(") || !strings.Contains(page, mermaidEntity("collection "+col.Name)) {
			t.Errorf("the page lacks collection %s", col.Name)
		}
	}
}

// An entity template whose literal text Mermaid would misread (a direction
// statement, a quote, a percent sign) still gives a valid entity diagram.
func TestEntityDiagramOfAwkwardTemplates(t *testing.T) {
	str := &tags.Type{Kind: tags.KindString, Basic: "string"}
	field := func(name, attr string) *tags.Field { return &tags.Field{Path: []string{name}, Attr: attr, Type: str} }
	pk, sk, id := field("PK", "pk"), field("SK", "sk"), field("ID", "id")
	tbl := &tags.Table{Name: "t", Struct: &tags.Struct{Name: "T", Fields: []*tags.Field{pk, sk}},
		PK: &tags.Key{Field: pk, Type: tags.AttrS}, SK: &tags.Key{Field: sk, Type: tags.AttrS}, TypeAttr: "_et", Sep: keys.DefaultSep}
	e := &tags.Entity{Name: "thing", Struct: &tags.Struct{Name: "Thing", Fields: []*tags.Field{id}}, Table: tbl}
	e.Keys = []*tags.KeyTemplate{
		{Attr: pk, Role: keys.PartitionKey, Text: `direction TB "x" 100%#{ID}`, Template: keys.MustBind(`direction TB "x" 100%#{ID}`, keys.PartitionKey, keys.DefaultSep, keys.KindString), Fields: []*tags.Field{id}},
		{Attr: sk, Role: keys.SortKey, Text: "A", Template: keys.MustBind("A", keys.SortKey, keys.DefaultSep), Fields: nil},
	}
	tbl.Entities = []*tags.Entity{e}
	tbl.Collections = []*tags.Collection{{Name: "Thing", Members: []*tags.Entity{e}}}
	out := page(pageCtx{pkg: &tags.Package{Name: "p", Path: "example.com/p", Tables: []*tags.Table{tbl}}, infraName: "infra", infraPath: "example.com/p/infra"})
	checkMermaid(t, "awkward entity", out)
	if !strings.Contains(string(out), "`"+`direction TB "x" 100%#id`+"`") {
		t.Errorf("the page lacks the example key:\n%s", out)
	}
}

// The export leaves out local secondary indexes; the page that introduces it
// says so (example-orders has one). No diagram marks a sort key PK: only the
// partition key of a table or index is PK, the sort key says so in words.
func TestPageNamesWhatTheExportLeavesOutAndMarksOnlyPartitionKeys(t *testing.T) {
	page, err := os.ReadFile("../testdata/golden/example-orders/" + PageFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "except the local secondary index `orders/status-index`") {
		t.Errorf("the page does not say the export leaves out the LSI")
	}
	for _, dir := range goldenDirs(t) {
		src, err := os.ReadFile(filepath.Join(dir, PageFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			if strings.Contains(line, " PK ") && strings.Contains(line, "sort key") {
				t.Errorf("%s: a sort key is marked PK: %q", dir, line)
			}
		}
	}
}

// Each entity query row says whether its range can hold other entities'
// items, as keys.Compare finds them.
func TestEntityQueryRowsNameOtherEntitiesInTheRange(t *testing.T) {
	tbl, page, _ := singleTableOutputs(t)
	for _, e := range tbl.Entities {
		sec := entitySectionOf(t, page, e)
		for _, s := range entityQuerySpecs(e) {
			want := queryReturns(tbl, e, s)
			if !strings.Contains(sec, want) {
				t.Errorf("entity %s, %s: the page lacks %q", e.Name, s.name, want)
			}
		}
	}
	// example/shop: order_item's sort keys ORDER#{PlacedAt}#{OrderID}#ITEM#{Line}
	// begin with the ORDER# prefix of order's query (and order's with order_item's).
	shop, err := os.ReadFile("../example/shop/" + PageFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(shop), "can also select items of `order_item`") || !strings.Contains(string(shop), "can also select items of `order`") {
		t.Errorf("example/shop's page does not name the entities that hierarchical keys put in each other's ranges")
	}
	if !strings.Contains(page, "sk BETWEEN") || strings.Contains(page, `\U0010ffff`) {
		t.Errorf("range bounds should write U+10FFFF as %s", maxRuneText)
	}
}

// The stream section of an entity table names the handler interface and the
// per-entity methods the generated code declares, not a single-struct table's
// change type.
func TestEntityPageStreamNamesTheHandler(t *testing.T) {
	tb, page, _ := singleTableOutputs(t)
	if tb.Stream == tags.StreamNone {
		t.Fatal("the single-table golden case has no stream any more")
	}
	src, err := os.ReadFile(filepath.Join("..", "testdata", "golden", "single-table", "shop_stelviogen.go"))
	if err != nil {
		t.Fatal(err)
	}
	code := string(src)
	if !strings.Contains(page, "`"+tb.Struct.Name+"ChangeHandler`") && !strings.Contains(page, "."+tb.Struct.Name+"ChangeHandler`") {
		t.Errorf("the page's stream section does not name %sChangeHandler", tb.Struct.Name)
	}
	if !strings.Contains(code, "type "+tb.Struct.Name+"ChangeHandler interface") {
		t.Fatalf("the generated code declares no %sChangeHandler", tb.Struct.Name)
	}
	if strings.Contains(page, "`"+tb.Struct.Name+"Change`") {
		t.Errorf("the page names %sChange, which an entity table does not declare", tb.Struct.Name)
	}
	for _, e := range tb.Entities {
		m := e.Struct.Name + "Changed(ctx, " + e.Struct.Name + "Change)"
		if !strings.Contains(page, m) {
			t.Errorf("the page does not list %s", m)
		}
		if !strings.Contains(code, e.Struct.Name+"Changed(context.Context, "+e.Struct.Name+"Change) error") {
			t.Errorf("the generated code has no method %sChanged", e.Struct.Name)
		}
	}
}
