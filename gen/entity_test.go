package gen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/keys"
	"github.com/stelviogen/stelviogen/tags"
)

var updateEntityTest = flag.Bool("update-entity", false, "rewrite the generated code of internal/entitytest")

// shopModel builds by hand the model of internal/entitytest, as the tags
// analysis of entity tags will fill it.
func shopModel(t testing.TB, dir string) *tags.Package {
	t.Helper()
	const pkgPath = "github.com/stelviogen/stelviogen/internal/entitytest"
	str := &tags.Type{Kind: tags.KindString, Basic: "string"}
	i64 := &tags.Type{Kind: tags.KindInt, Basic: "int64"}
	inT := &tags.Type{Kind: tags.KindInt, Basic: "int"}
	tim := &tags.Type{Kind: tags.KindTime, Name: "Time", PkgPath: "time"}
	field := func(name, attr string, ty *tags.Type, omit bool) *tags.Field {
		return &tags.Field{Path: []string{name}, Attr: attr, Type: ty, Enc: tags.Encoding{OmitEmpty: omit}}
	}
	pk, sk := field("PK", "pk", str, false), field("SK", "sk", str, false)
	g1pk, g1sk := field("GSI1PK", "gsi1pk", str, true), field("GSI1SK", "gsi1sk", str, true)
	g2pk, g2sk := field("GSI2PK", "gsi2pk", str, true), field("GSI2SK", "gsi2sk", str, true)
	key := func(f *tags.Field) *tags.Key { return &tags.Key{Field: f, Type: tags.AttrS} }
	gsi1 := &tags.Index{Name: "gsi1", Kind: tags.GlobalIndex, PK: key(g1pk), SK: key(g1sk), Projection: tags.Projection{Type: tags.ProjectAll}}
	gsi2 := &tags.Index{Name: "gsi2", Kind: tags.GlobalIndex, PK: key(g2pk), SK: key(g2sk), Projection: tags.Projection{Type: tags.ProjectKeysOnly}}
	shop := &tags.Table{
		Name:   "shop",
		Struct: &tags.Struct{Name: "Shop", PkgPath: pkgPath, Fields: []*tags.Field{pk, sk, g1pk, g1sk, g2pk, g2sk}},
		PK:     key(pk), SK: key(sk), GSIs: []*tags.Index{gsi1, gsi2},
		Stream: tags.StreamNewAndOld, TypeAttr: "_et", Sep: keys.DefaultSep,
	}
	entity := func(name, goName string, fields []*tags.Field, spec ...string) *tags.Entity {
		e := &tags.Entity{Name: name, Table: shop, Struct: &tags.Struct{Name: goName, PkgPath: pkgPath, Fields: fields}}
		for _, s := range spec {
			attr, text, _ := strings.Cut(s, "=")
			kt := &tags.KeyTemplate{Text: text, Role: keys.PartitionKey}
			for _, f := range shop.Struct.Fields {
				if f.Attr == attr {
					kt.Attr = f
				}
			}
			switch attr {
			case "sk", "gsi1sk", "gsi2sk":
				kt.Role = keys.SortKey
			}
			switch attr {
			case "gsi1pk", "gsi1sk":
				kt.Index = gsi1
			case "gsi2pk", "gsi2sk":
				kt.Index = gsi2
			}
			tmpl, err := keys.Parse(text, kt.Role, shop.Sep)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []keys.Kind
			for _, ph := range tmpl.Fields {
				for _, f := range fields {
					if f.GoName() == ph.Field {
						kt.Fields = append(kt.Fields, f)
						kinds = append(kinds, map[tags.Kind]keys.Kind{tags.KindString: keys.KindString, tags.KindInt: keys.KindInt, tags.KindTime: keys.KindTime}[f.Type.Kind])
					}
				}
			}
			if err := tmpl.Bind(kinds...); err != nil {
				t.Fatal(err)
			}
			kt.Template = tmpl
			e.Keys = append(e.Keys, kt)
		}
		return e
	}
	customer := entity("customer", "Customer", []*tags.Field{field("ID", "id", str, false), field("Email", "email", str, false), field("Name", "name", str, false)},
		"pk=CUSTOMER#{ID}", "sk=PROFILE", "gsi1pk=EMAIL#{Email|lower}", "gsi1sk=CUSTOMER")
	orderVersion := field("Version", "version", i64, false)
	order := entity("order", "Order", []*tags.Field{field("CustomerID", "customer_id", str, false), field("ID", "id", str, false), field("PlacedAt", "placed_at", tim, false),
		field("Status", "status", str, true), field("Total", "total", i64, false), orderVersion},
		"pk=CUSTOMER#{CustomerID}", "sk=ORDER#{PlacedAt}#{ID}", "gsi1pk=ORDER#{ID}", "gsi1sk=ORDER", "gsi2pk=STATUS#{Status}", "gsi2sk=ORDER#{PlacedAt}#{ID}")
	order.Version = orderVersion
	item := entity("order_item", "OrderItem", []*tags.Field{field("CustomerID", "customer_id", str, false), field("OrderID", "order_id", str, false), field("PlacedAt", "placed_at", tim, false),
		field("N", "n", inT, false), field("SKU", "sku", str, false), field("Quantity", "quantity", inT, false)},
		"pk=CUSTOMER#{CustomerID}", "sk=ORDER#{PlacedAt}#{OrderID}#ITEM#{N}", "gsi1pk=ORDER#{OrderID}", "gsi1sk=ITEM#{N}")
	product := entity("product", "Product", []*tags.Field{field("SKU", "sku", str, false), field("Title", "title", str, false), field("Category", "category", str, false), field("Price", "price", i64, false)},
		"pk=PRODUCT#{SKU}", "sk=PRODUCT", "gsi1pk=CATEGORY#{Category}", "gsi1sk=PRICE#{Price}#{SKU}")
	shop.Entities = []*tags.Entity{customer, order, item, product}
	shop.Collections = []*tags.Collection{
		{Name: "Customer", Members: []*tags.Entity{customer, order, item}},
		{Name: "OrderGsi1Index", Index: gsi1, Members: []*tags.Entity{order, item}},
	}
	return &tags.Package{Name: "entitytest", Path: pkgPath, Dir: dir, Tables: []*tags.Table{shop}}
}

// entityTestFiles renders internal/entitytest's model-package files.
func entityTestFiles(t *testing.T) map[string][]byte {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "internal", "entitytest"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(shopModel(t, dir), Config{NoDocs: true})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestEntityTestPackageIsUpToDate(t *testing.T) {
	files := entityTestFiles(t)
	if len(files) != 6 {
		t.Fatalf("want the table's files (handler, infra) and one per entity, got %d files", len(files))
	}
	for path, want := range files {
		if *updateEntityTest {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./gen -run EntityTest -update-entity)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go test ./gen -run EntityTest -update-entity", path)
		}
	}
}

// An Order-size entity's file stays thin.
func TestEntityFileSize(t *testing.T) {
	for path, src := range entityTestFiles(t) {
		if filepath.Base(filepath.Dir(path)) == "infra" {
			continue
		}
		if n := bytes.Count(src, []byte("\n")); n > 450 {
			t.Errorf("%s: %d lines, want at most 450", filepath.Base(path), n)
		}
	}
}

// The schema and infra of an entity table project the type attribute into
// INCLUDE indexes (so their items decode as their entity) and take the
// entities' TTL attribute; the model is not changed.
func TestEffectiveTableProjectsTypeAttr(t *testing.T) {
	m := shopModel(t, t.TempDir())
	shop := m.Tables[0]
	shop.GSIs[0].Projection = tags.Projection{Type: tags.ProjectInclude, NonKey: []string{"email"}}
	ttl := &tags.Field{Path: []string{"ExpiresAt"}, Attr: "expires_at", Type: &tags.Type{Kind: tags.KindInt, Basic: "int64"}}
	shop.Entities[1].TTL = ttl
	eff := effectiveTable(shop)
	if got := eff.GSIs[0].Projection.NonKey; len(got) != 2 || got[1] != "_et" {
		t.Errorf("INCLUDE projection %v, want the type attribute added", got)
	}
	if got := shop.GSIs[0].Projection.NonKey; len(got) != 1 {
		t.Errorf("the model's projection changed: %v", got)
	}
	if eff.GSIs[1].Projection.NonKey != nil {
		t.Errorf("KEYS_ONLY projection got %v", eff.GSIs[1].Projection.NonKey)
	}
	if eff.TTL != ttl {
		t.Errorf("TTL %v", eff.TTL)
	}
	files, err := Generate(m, Config{})
	if err != nil {
		t.Fatal(err)
	}
	var schema, infra string
	for path, src := range files {
		switch {
		case strings.HasSuffix(path, filepath.Join("infra", "shop_stelviogen.go")):
			infra = string(src)
		case strings.HasSuffix(path, "shop_stelviogen.go"):
			schema = string(src)
		}
	}
	if !strings.Contains(schema, `NonKey:     []string{"email", "_et"}`) || !strings.Contains(schema, `TTL:        "expires_at"`) {
		t.Errorf("schema lacks the type attribute's projection or the TTL:\n%s", schema)
	}
	if !strings.Contains(infra, `"_et"`) {
		t.Errorf("infra lacks the type attribute's projection")
	}
}

// A change of an entity's template changes the fingerprint, so the
// unchanged-rerun shortcut regenerates its code.
func TestFingerprintCoversEntities(t *testing.T) {
	a := Fingerprint(shopModel(t, "/m"), Config{})
	m := shopModel(t, "/m")
	k := m.Tables[0].Entities[0].Keys[0]
	k.Text = "CUST#{ID}"
	tmpl, err := keys.Parse(k.Text, keys.PartitionKey, '#')
	if err != nil {
		t.Fatal(err)
	}
	if err := tmpl.Bind(keys.KindString); err != nil {
		t.Fatal(err)
	}
	k.Template = tmpl
	if Fingerprint(m, Config{}) == a {
		t.Error("a changed key template keeps the fingerprint")
	}
	if Fingerprint(shopModel(t, "/m"), Config{}) != a {
		t.Error("the fingerprint is not deterministic")
	}
}

// An entity whose file name is a table's is refused, not overwritten.
func TestEntityFileNameClash(t *testing.T) {
	m := shopModel(t, t.TempDir())
	m.Tables[0].Entities[3].Struct.Name = "Shop"
	if _, err := Generate(m, Config{}); err == nil || !strings.Contains(err.Error(), "shop_stelviogen.go") {
		t.Errorf("entity named like its table: %v", err)
	}
}
