package gen

import (
	"testing"

	"github.com/stelviogen/stelviogen/runtime/keys"
	"github.com/stelviogen/stelviogen/tags"
)

// The user's declarations change the fingerprint (and so miss the cache,
// which lets the name checks run) only when they could clash with a
// generated name: when they hold the name of a model type.
func TestFingerprintOfDeclarations(t *testing.T) {
	addr := &tags.Struct{Name: "Address"}
	table := clashTable("orders", "Order")
	table.Struct.Fields = append(table.Struct.Fields, &tags.Field{Path: []string{"Home"}, Attr: "home", Type: &tags.Type{Kind: tags.KindStruct, Struct: addr}})
	pkg := func(declared ...string) *tags.Package {
		p := &tags.Package{Name: "p", Path: "example.com/p", Dir: "/p", Tables: []*tags.Table{table}, Declared: map[string]tags.Pos{}}
		for _, d := range declared {
			p.Declared[d] = tags.Pos{File: "/p/a.go", Line: 1, Col: 6}
		}
		return p
	}
	base := Fingerprint(pkg("Order", "helper"), Config{})
	if Fingerprint(pkg("Order", "helper", "Checkout", "main.Run"), Config{}) != base {
		t.Error("an unrelated declaration changed the fingerprint")
	}
	for _, clashing := range []string{"OrderKey", "newOrderAttributes", "Order.MarshalItem", "marshalAddress"} {
		if Fingerprint(pkg("Order", "helper", clashing), Config{}) == base {
			t.Errorf("declaring %s did not change the fingerprint", clashing)
		}
	}
}

// An entity table's fingerprint changes with its templates, entity names,
// type attribute and separator: otherwise the cache would skip the run, and
// with it the template guard.
func TestFingerprintOfEntities(t *testing.T) {
	fp := func(tab *tags.Table) [32]byte {
		return Fingerprint(&tags.Package{Name: "p", Path: "example.com/p", Dir: "/p", Tables: []*tags.Table{tab}}, Config{})
	}
	shop := func(typeAttr string, sep byte, specs ...entSpec) *tags.Table {
		tab := entityTable("shop", typeAttr, sep, specs...)
		tab.Struct = &tags.Struct{Name: "Shop"}
		tab.PK = &tags.Key{Field: &tags.Field{Attr: "pk"}, Type: "S"}
		return tab
	}
	base := fp(shop("_et", '#', guardCustomer, guardOrder))
	if fp(shop("_et", '#', guardCustomer, guardOrder)) != base {
		t.Fatal("the same model has two fingerprints")
	}
	renamed := guardOrder
	renamed.name = "purchase"
	changed := guardOrder
	changed.keys = []string{"pk=CUSTOMER#{CustomerID}", "sk=ORDER#{ID}"}
	intID := guardOrder
	intID.kinds = map[string]keys.Kind{"PlacedAt": keys.KindTime, "ID": keys.KindInt}
	for name, tab := range map[string]*tags.Table{
		"template":       shop("_et", '#', guardCustomer, changed),
		"encoding":       shop("_et", '#', guardCustomer, intID),
		"entity name":    shop("_et", '#', guardCustomer, renamed),
		"entity removed": shop("_et", '#', guardCustomer),
		"type attribute": shop("kind", '#', guardCustomer, guardOrder),
		"separator":      shop("_et", '|', guardCustomer, guardOrder),
	} {
		if fp(tab) == base {
			t.Errorf("%s: the fingerprint did not change", name)
		}
	}
}
