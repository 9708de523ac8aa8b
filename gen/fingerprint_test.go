package gen

import (
	"testing"

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
