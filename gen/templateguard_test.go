package gen

import (
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/keys"
	"github.com/stelviogen/stelviogen/tags"
)

// Hand-built models of the single-table contract (tags/entity.go), as tags
// will fill them, so the guard is tested without the tags side.

type entSpec struct {
	name string
	keys []string // "attr=template"
	// kinds of the fields by name; KindString when absent
	kinds map[string]keys.Kind
	line  int // line of the entity's tag; its templates are on the same line
}

func entityTable(name, typeAttr string, sep byte, specs ...entSpec) *tags.Table {
	gsi1 := &tags.Index{Name: "gsi1", Kind: tags.GlobalIndex}
	t := &tags.Table{Pos: tags.Pos{File: "models.go", Line: 3, Col: 6}, Name: name, TypeAttr: typeAttr, Sep: sep}
	for _, s := range specs {
		e := &tags.Entity{Name: s.name, Table: t, Pos: tags.Pos{File: "models.go", Line: s.line - 1, Col: 6}, TagPos: tags.Pos{File: "models.go", Line: s.line, Col: 20}}
		col := 60
		for _, kv := range s.keys {
			attr, src, _ := strings.Cut(kv, "=")
			role := keys.PartitionKey
			if strings.HasSuffix(attr, "sk") {
				role = keys.SortKey
			}
			tpl, err := keys.Parse(src, role, sep)
			if err != nil {
				panic(err)
			}
			var kinds []keys.Kind
			for _, f := range tpl.FieldNames() {
				k := s.kinds[f]
				if k == 0 {
					k = keys.KindString
				}
				kinds = append(kinds, k)
			}
			if err := tpl.Bind(kinds...); err != nil {
				panic(err)
			}
			k := &tags.KeyTemplate{Pos: tags.Pos{File: "models.go", Line: s.line, Col: col}, Attr: &tags.Field{Attr: attr, Path: []string{strings.ToUpper(attr)}}, Role: role, Text: src, Template: tpl}
			if strings.HasPrefix(attr, "gsi1") {
				k.Index = gsi1
			}
			col += len(kv) + 1
			e.Keys = append(e.Keys, k)
		}
		t.Entities = append(t.Entities, e)
	}
	return t
}

var (
	guardCustomer = entSpec{name: "customer", line: 10, keys: []string{"pk=CUSTOMER#{ID}", "sk=PROFILE", "gsi1pk=EMAIL#{Email|lower}", "gsi1sk=CUSTOMER"}}
	guardOrder    = entSpec{name: "order", line: 20, keys: []string{"pk=CUSTOMER#{CustomerID}", "sk=ORDER#{PlacedAt}#{ID}"}, kinds: map[string]keys.Kind{"PlacedAt": keys.KindTime}}
)

func recordOfTable(t *tags.Table) []byte { return []byte("// " + schemaComment(t) + "\n") }

func TestTemplateRecord(t *testing.T) {
	got := schemaComment(entityTable("shop", "_et", '#', guardCustomer, guardOrder))
	want := `stelviogen:immutable {"table":"shop","pk":"","typeAttr":"_et","sep":"#","entities":[` +
		`{"name":"customer","keys":{"gsi1pk":"EMAIL#{Email:string|lower}","gsi1sk":"CUSTOMER","pk":"CUSTOMER#{ID:string}","sk":"PROFILE"}},` +
		`{"name":"order","keys":{"pk":"CUSTOMER#{CustomerID:string}","sk":"ORDER#{PlacedAt:time}#{ID:string}"}}]}`
	if got != want {
		t.Errorf("record:\n got %s\nwant %s", got, want)
	}
	// A table without entities records exactly what it did before.
	plain := &tags.Table{Name: "orders", PK: &tags.Key{Field: &tags.Field{Attr: "id"}, Type: "S"}}
	if got, want := schemaComment(plain), `stelviogen:immutable {"table":"orders","pk":"id:S"}`; got != want {
		t.Errorf("single-struct record changed:\n got %s\nwant %s", got, want)
	}
}

func TestTemplateChanges(t *testing.T) {
	with := func(s entSpec, name string, keyEdits ...string) entSpec {
		s.name = name
		s.keys = append([]string(nil), s.keys...)
		for _, ed := range keyEdits {
			attr, _, _ := strings.Cut(ed, "=")
			found := false
			for i, kv := range s.keys {
				if strings.HasPrefix(kv, attr+"=") {
					found = true
					if ed == attr+"=" {
						s.keys = append(s.keys[:i], s.keys[i+1:]...)
					} else {
						s.keys[i] = ed
					}
					break
				}
			}
			if !found {
				s.keys = append(s.keys, ed)
			}
		}
		return s
	}
	intID := guardOrder
	intID.kinds = map[string]keys.Kind{"PlacedAt": keys.KindTime, "ID": keys.KindInt}
	base := entityTable("shop", "_et", '#', guardCustomer, guardOrder)
	cases := []struct {
		name string
		old  *tags.Table
		cur  *tags.Table
		want []string // "pos: msg" (strands) or "note pos: msg"
	}{
		{"unchanged", base, base, nil},
		{"entity added", entityTable("shop", "_et", '#', guardCustomer), base, nil},
		{"sort key literal", base, entityTable("shop", "_et", '#', guardCustomer, with(guardOrder, "order", "sk=ORDERS#{PlacedAt}#{ID}")),
			[]string{`models.go:20:85: entity "order": template of sk (sort key of the table) changes from ORDER#{PlacedAt:time}#{ID:string} to ORDERS#{PlacedAt:time}#{ID:string}: items stored under the old keys are no longer found`}},
		{"encoding", base, entityTable("shop", "_et", '#', guardCustomer, intID),
			[]string{`models.go:20:85: entity "order": template of sk (sort key of the table) changes from ORDER#{PlacedAt:time}#{ID:string} to ORDER#{PlacedAt:time}#{ID:int}: items stored under the old keys are no longer found`}},
		{"modifier", base, entityTable("shop", "_et", '#', with(guardCustomer, "customer", "pk=CUSTOMER#{ID|upper}"), guardOrder),
			[]string{`models.go:10:60: entity "customer": template of pk (partition key of the table) changes from CUSTOMER#{ID:string} to CUSTOMER#{ID:string|upper}: items stored under the old keys are no longer found`}},
		{"index key", base, entityTable("shop", "_et", '#', with(guardCustomer, "customer", "gsi1pk=MAIL#{Email|lower}"), guardOrder),
			[]string{`models.go:10:88: entity "customer": template of gsi1pk (partition key of index "gsi1") changes from EMAIL#{Email:string|lower} to MAIL#{Email:string|lower}: items stored under the old keys are no longer found`}},
		{"renamed", base, entityTable("shop", "_et", '#', guardCustomer, with(guardOrder, "purchase")),
			[]string{`models.go:20:20: table "shop": entity "order" is renamed to "purchase": stored items say "order" in "_et"`}},
		{"removed", base, entityTable("shop", "_et", '#', guardCustomer),
			[]string{`: table "shop": entity "order" is removed: its stored items stay in the table, read by no store`}},
		{"renamed and changed is removed", base, entityTable("shop", "_et", '#', guardCustomer, with(guardOrder, "purchase", "sk=P#{ID}")),
			[]string{`: table "shop": entity "order" is removed: its stored items stay in the table, read by no store`}},
		{"type attribute", base, entityTable("shop", "kind", '#', guardCustomer, guardOrder),
			[]string{`models.go:3:6: table "shop": entity type attribute changes from "_et" to "kind": stored items name their entity in "_et"`}},
		{"separator", base, entityTable("shop", "_et", '|', with(guardCustomer, "customer", "pk=CUSTOMER|{ID}", "gsi1pk=EMAIL|{Email|lower}"), with(guardOrder, "order", "pk=CUSTOMER|{CustomerID}", "sk=ORDER|{PlacedAt}|{ID}")),
			[]string{
				`models.go:3:6: table "shop": key separator changes from "#" to "|": stored keys are written with "#"`,
				`models.go:10:60: entity "customer": template of pk (partition key of the table) changes from CUSTOMER#{ID:string} to CUSTOMER|{ID:string}: items stored under the old keys are no longer found`,
				`models.go:10:88: entity "customer": template of gsi1pk (partition key of index "gsi1") changes from EMAIL#{Email:string|lower} to EMAIL|{Email:string|lower}: items stored under the old keys are no longer found`,
				`models.go:20:60: entity "order": template of pk (partition key of the table) changes from CUSTOMER#{CustomerID:string} to CUSTOMER|{CustomerID:string}: items stored under the old keys are no longer found`,
				`models.go:20:85: entity "order": template of sk (sort key of the table) changes from ORDER#{PlacedAt:time}#{ID:string} to ORDER|{PlacedAt:time}|{ID:string}: items stored under the old keys are no longer found`,
			}},
		{"index added is a note", base, entityTable("shop", "_et", '#', guardCustomer, with(guardOrder, "order", "gsi1pk=ORDER#{ID}", "gsi1sk=ORDER")),
			[]string{
				`note models.go:20:110: entity "order" now fills gsi1pk (partition key of index "gsi1"): its items stored before are not in that index until rewritten (migrate them, or put them again)`,
				`note models.go:20:128: entity "order" now fills gsi1sk (sort key of index "gsi1"): its items stored before are not in that index until rewritten (migrate them, or put them again)`,
			}},
		{"index left is a note", base, entityTable("shop", "_et", '#', with(guardCustomer, "customer", "gsi1pk=", "gsi1sk="), guardOrder),
			[]string{
				`note models.go:10:20: entity "customer" no longer fills key attribute gsi1pk: its items stored before keep it (and stay in that index) until rewritten`,
				`note models.go:10:20: entity "customer" no longer fills key attribute gsi1sk: its items stored before keep it (and stay in that index) until rewritten`,
			}},
		{"table renamed is the replacement guard's", base, entityTable("shop-v2", "kind", '#', guardCustomer), nil},
		{"entities into a plain table", &tags.Table{Name: "shop", PK: &tags.Key{Field: &tags.Field{Attr: "pk"}, Type: "S"}}, base,
			[]string{`models.go:3:6: table "shop" now stores entities: its items stored before have no "_et" attribute and no template's keys, so no store reads them`}},
		{"entities all removed", base, &tags.Table{Pos: tags.Pos{File: "models.go", Line: 3, Col: 6}, Name: "shop"},
			[]string{`models.go:3:6: table "shop" no longer stores entities ("customer", "order"): their stored items are read by no store`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, ch := range TemplateChanges(recordOfTable(c.old), c.cur) {
				pos := ""
				if ch.Pos != (tags.Pos{}) {
					pos = ch.Pos.String()
				}
				s := pos + ": " + ch.Msg
				if !ch.Strands {
					s = "note " + s
				}
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
	if TemplateChanges([]byte("package infra\n"), base) != nil {
		t.Error("a file without a record has changes")
	}
}

// The old template the guard prints is what OldEntity and
// keys.ParseNormalized take: it parses back into a template building the old
// keys.
func TestTemplateChangePrintsParsableOldTemplate(t *testing.T) {
	old := entityTable("shop", "_et", '#', guardCustomer, guardOrder)
	changed := guardOrder
	changed.keys = []string{"pk=CUST#{CustomerID}", "sk=ORDER#{ID}#{PlacedAt}"}
	lower := guardCustomer
	lower.keys = []string{"pk=CUSTOMER#{ID}", "sk=PROFILE", "gsi1pk=EMAIL#{Email}", "gsi1sk=CUSTOMER"}
	changes := TemplateChanges(recordOfTable(old), entityTable("shop", "_et", '#', lower, changed))
	if len(changes) != 3 {
		t.Fatalf("changes %v", changes)
	}
	oldTmpl := map[string]*keys.Template{}
	for _, e := range old.Entities {
		for _, k := range e.Keys {
			oldTmpl[k.Template.Source] = k.Template
		}
	}
	for _, c := range changes {
		_, rest, ok := strings.Cut(c.Msg, "changes from ")
		printed, _, ok2 := strings.Cut(rest, " to ")
		if !ok || !ok2 {
			t.Fatalf("no old template in %q", c.Msg)
		}
		back, err := keys.ParseNormalized(printed, keys.SortKey, '#')
		if err != nil {
			t.Fatalf("%s: %v", printed, err)
		}
		if want := oldTmpl[back.Source]; want == nil || want.Normalized() != printed {
			t.Errorf("printed %s parses as %s, no old template", printed, back.Source)
		}
	}
}
