package ddb

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

var (
	testSK    = keys.MustBind("ORDER#{PlacedAt}#{ID}", keys.SortKey, '#', keys.KindTime, keys.KindString)
	placed    = TimePart("PlacedAt")
	orderID   = TextPart[string]("ID")
	testT0    = time.Date(2026, 11, 3, 15, 4, 5, 0, time.UTC)
	testT0Key = "2026-11-03T15:04:05.000000000Z"
)

// Sort-key conditions take the template's fields left to right: equality
// on a leading run, one range last; anything else is refused.
func TestSortCondition(t *testing.T) {
	for _, c := range []struct {
		name  string
		conds []KeyCond
		kind  keys.CondKind
		a     string
		err   string
	}{
		{"none: the literal prefix", nil, keys.CondBetween, "ORDER#0000-01-01T00:00:00.000000000Z", ""},
		{"first field equal", []KeyCond{placed.Eq(testT0)}, keys.CondBeginsWith, "ORDER#" + testT0Key + "#", ""},
		{"all fields equal", []KeyCond{orderID.Eq("o1"), placed.Eq(testT0)}, keys.CondEq, "ORDER#" + testT0Key + "#o1", ""},
		{"range on the first", []KeyCond{placed.Ge(testT0)}, keys.CondBetween, "ORDER#" + testT0Key, ""},
		{"equality then range", []KeyCond{placed.Eq(testT0), orderID.Ge("o5")}, keys.CondBetween, "ORDER#" + testT0Key + "#o5", ""},
		{"a field skipped", []KeyCond{orderID.Eq("o1")}, 0, "", "left to right"},
		{"equality after a range", []KeyCond{placed.Ge(testT0), orderID.Eq("o1")}, 0, "", "after a range"},
		{"two on one field", []KeyCond{placed.Eq(testT0), placed.Ge(testT0)}, 0, "", "two key conditions"},
		{"an unknown field", []KeyCond{TextPart[string]("Status").Eq("x")}, 0, "", "key condition on Status"},
		{"a bad value", []KeyCond{placed.Eq(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))}, 0, "", "outside years"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := sortCondition(testSK, c.conds)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != c.kind || !strings.HasPrefix(got.A, c.a) {
				t.Errorf("got %v %q %q, want %v %q...", got.Kind, got.A, got.B, c.kind, c.a)
			}
		})
	}
}

func testEntity() *Entity {
	schema := TableSchema{Name: "shop", PK: KeyAttr{Name: "pk", Type: types.ScalarAttributeTypeS}, SK: KeyAttr{Name: "sk", Type: types.ScalarAttributeTypeS},
		GSIs: []IndexSchema{{Name: "gsi1", PK: KeyAttr{Name: "gsi1pk", Type: types.ScalarAttributeTypeS}, SK: KeyAttr{Name: "gsi1sk", Type: types.ScalarAttributeTypeS}}}}
	return NewEntity("product", "_et", NewTable(schema, nil, nil),
		EntityKeyAttr{Attr: "pk", Template: keys.MustBind("PRODUCT#{SKU}", keys.PartitionKey, '#', keys.KindString), Fields: []string{"sku"}},
		EntityKeyAttr{Attr: "sk", Template: keys.MustBind("PRODUCT", keys.SortKey, '#'), Fields: []string{}},
		EntityKeyAttr{Attr: "gsi1pk", Index: "gsi1", Template: keys.MustBind("CATEGORY#{Category}", keys.PartitionKey, '#', keys.KindString), Fields: []string{"category"}},
		EntityKeyAttr{Attr: "gsi1sk", Index: "gsi1", Template: keys.MustBind("PRICE#{Price|fixed=2}#{SKU}", keys.SortKey, '#', keys.KindFloat, keys.KindString), Fields: []string{"price", "sku"}},
	)
}

// An update of index-template fields rewrites the index's keys from the
// fields set and the primary key's, removes them when a field is emptied,
// and refuses what would leave a key stale.
func TestEntityRewrite(t *testing.T) {
	e := testEntity()
	key := e.Key(e.Keys[0].Template.Begin(nil).Text("p1"), e.Keys[1].Template.Begin(nil))
	set := func(attr string, av types.AttributeValue) Action { return makeAction(actSet, Attr(attr), av, nil) }
	acts, err := e.rewrite(key, []Action{set("price", &types.AttributeValueMemberN{Value: "12.5"}), set("category", S("tea"))}, false)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range acts {
		got[a.a.path.String()] = actionNames[a.a.kind] + " " + a.a.val.(*types.AttributeValueMemberS).Value
	}
	if got["gsi1pk"] != "Set CATEGORY#tea" || got["gsi1sk"] != "Set PRICE#000000000000000012.50#p1" || len(got) != 2 {
		t.Errorf("rewrite: %v", got)
	}
	_, err = e.rewrite(key, []Action{set("price", &types.AttributeValueMemberN{Value: "3"})}, false)
	if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "category") {
		t.Errorf("missing category: %v", err)
	}
	acts, err = e.rewrite(key, []Action{makeAction(actSet, Attr("category"), nil, nil)}, false)
	if err != nil || len(acts) != 2 || acts[0].a.kind != actRemove || acts[1].a.kind != actRemove {
		t.Errorf("emptied category: %v, %v", acts, err)
	}
	acts, err = e.rewrite(key, []Action{{&action{kind: actRemove, path: Attr("price")}}, set("category", S("tea"))}, false)
	if err != nil || len(acts) != 2 || acts[1].a.kind != actSet || acts[1].a.val.(*types.AttributeValueMemberS).Value != "PRICE#000000000000000000.00#p1" {
		t.Errorf("removed price: keyed at its zero value, as Put writes it: %v, %v", acts, err)
	}
	if _, err := e.rewrite(key, []Action{set("sku", S("p2"))}, false); err == nil || !strings.Contains(err.Error(), "Move") {
		t.Errorf("a primary-key field: %v", err)
	}
	// A key field whose stored form is not its key text (an integer stored
	// as text, a custom type's map) cannot be Set: the message says Put.
	if _, err := e.rewrite(key, []Action{set("price", S("12.5")), set("category", S("x"))}, false); err == nil || !strings.Contains(err.Error(), "write the item with Put") {
		t.Errorf("a key field stored as text: %v", err)
	}
	if _, err := e.rewrite(key, []Action{set("gsi1pk", S("x"))}, false); err == nil {
		t.Error("a key attribute set directly")
	}
	if _, err := e.rewrite(key, []Action{makeAction(actAdd, Attr("price"), &types.AttributeValueMemberN{Value: "1"}, nil), set("category", S("x"))}, false); err == nil {
		t.Error("Add on a key field")
	}
	if _, err := e.rewrite(key, []Action{set("price", &types.AttributeValueMemberN{Value: "1.005"}), set("category", S("x"))}, false); !errors.Is(err, keys.ErrOutOfRange) {
		t.Errorf("a price the fixed format cannot hold: %v", err)
	}
}

// Item builds every key and the type attribute; a text field left empty in
// an index template leaves that index out, in the primary key it is an error.
func TestEntityItem(t *testing.T) {
	e := testEntity()
	build := func(sku, cat string) (map[string]types.AttributeValue, error) {
		ks := new(KeySet)
		b := ks.Buf()
		b = ks.Add(b, e.Keys[0].Template.Begin(b).Text(sku))
		b = ks.Add(b, e.Keys[1].Template.Begin(b))
		b = ks.Add(b, e.Keys[2].Template.Begin(b).Text(cat))
		b = ks.Add(b, e.Keys[3].Template.Begin(b).Float64(2.5).Text(sku))
		return e.Item(map[string]types.AttributeValue{}, ks, b)
	}
	m, err := build("p1", "tea")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"pk": "PRODUCT#p1", "sk": "PRODUCT", "gsi1pk": "CATEGORY#tea", "gsi1sk": "PRICE#000000000000000002.50#p1", "_et": "product"}
	if len(m) != len(want) {
		t.Errorf("item %v", m)
	}
	for k, v := range want {
		if s, _ := m[k].(*types.AttributeValueMemberS); s == nil || s.Value != v {
			t.Errorf("%s = %v, want %q", k, m[k], v)
		}
	}
	if m, err = build("p1", ""); err != nil || m["gsi1pk"] != nil || m["gsi1sk"] != nil || m["pk"] == nil {
		t.Errorf("sparse: %v, %v", m, err)
	}
	if _, err := build("", "tea"); !errors.Is(err, ErrInvalidInput) || !errors.Is(err, keys.ErrEmptyValue) {
		t.Errorf("empty primary key field: %v", err)
	}
	if _, err := build("a#b", "tea"); !errors.Is(err, keys.ErrSeparator) {
		t.Errorf("separator: %v", err)
	}
	long := strings.Repeat("x", 3000)
	if _, err := build("p1", long); !errors.Is(err, keys.ErrKeyTooLong) {
		t.Errorf("long key: %v", err)
	}
}
