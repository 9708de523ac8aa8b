package entitytest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// The direct decoding of a collection page (ddbjson.Collection), and of
// the same page as each entity's query reads it (ddbjson.SkipForeign),
// checked against the map path (ddb.Collection.Member and the page's add, as
// ddb.CollectionRead does it), on pages of random and damaged items of
// table shop, their type attribute written anywhere in the item, first or
// last. AddJSON and Reset are what a generated collection page would have.

// Reset implements ddbjson.CollectionMembers.
func (p *ShopCustomerPage) Reset() { *p = ShopCustomerPage{} }

// AddJSON implements ddbjson.CollectionMembers.
func (p *ShopCustomerPage) AddJSON(member int, m *ddbjson.Map) error {
	switch member {
	case 0:
		v := new(Customer)
		if err := v.DecodeJSONItem(m); err != nil {
			return err
		}
		p.Customer = append(p.Customer, v)
		p.Items = append(p.Items, v)
	case 1:
		v := new(Order)
		if err := v.DecodeJSONItem(m); err != nil {
			return err
		}
		p.Order = append(p.Order, v)
		p.Items = append(p.Items, v)
	case 2:
		v := new(OrderItem)
		if err := v.DecodeJSONItem(m); err != nil {
			return err
		}
		p.OrderItem = append(p.OrderItem, v)
		p.Items = append(p.Items, v)
	}
	return nil
}

// shopCustomerJSON is the direct sink of collection Customer's pages.
func shopCustomerJSON(p *ShopCustomerPage, strict bool) *ddbjson.Collection {
	c := shopCustomerCollection
	names := make([]string, len(c.Members))
	for i, e := range c.Members {
		names[i] = e.Name
	}
	return &ddbjson.Collection{Name: c.Name, TypeAttr: c.Members[0].TypeAttr, Members: names, Page: p, Strict: strict}
}

// mapCollectionPage is CollectionRead.Page's work on the SDK's items.
func mapCollectionPage(items []map[string]types.AttributeValue, strict bool) (p *ShopCustomerPage, skipped int, err error) {
	p = new(ShopCustomerPage)
	for _, it := range items {
		m := shopCustomerCollection.Member(it)
		if m < 0 {
			if strict {
				return nil, 0, fmt.Errorf("%w: the item is of no member of collection %s", ddb.ErrForeignItem, shopCustomerCollection.Name)
			}
			skipped++
			continue
		}
		if err := p.add(m, it); err != nil {
			return nil, 0, err
		}
	}
	return p, skipped, nil
}

// pageBody is a Query answer holding items, each with its type attribute
// where r puts it: anywhere (the map's order), first or last.
func pageBody(t *testing.T, r *rand.Rand, items []map[string]types.AttributeValue) []byte {
	t.Helper()
	var w ddbjson.Writer
	body := []byte(`{"Items":[`)
	for i, item := range items {
		w.Reset()
		w.BeginItem()
		et, hasType := item["_et"]
		place := r.IntN(3) // 0: anywhere, 1: first, 2: last
		if hasType && place == 1 {
			w.Name("_et")
			if err := w.AttributeValue(et); err != nil {
				t.Fatal(err)
			}
		}
		for k, v := range item {
			if k == "_et" && place != 0 {
				continue
			}
			w.Name(k)
			if err := w.AttributeValue(v); err != nil {
				t.Fatal(err)
			}
		}
		if hasType && place == 2 {
			w.Name("_et")
			if err := w.AttributeValue(et); err != nil {
				t.Fatal(err)
			}
		}
		w.EndItem()
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, w.Bytes()...)
	}
	return append(body, `],"Count":`+fmt.Sprint(len(items))+`}`...)
}

// checkCollection decodes a page of items both ways, strict and not.
func checkCollection(t *testing.T, rig *jsonRig, r *rand.Rand, items []map[string]types.AttributeValue) {
	t.Helper()
	checkCollectionBody(t, rig, pageBody(t, r, items))
}

func checkCollectionBody(t *testing.T, rig *jsonRig, body []byte) {
	t.Helper()
	rig.tr.Serve("Query", body)
	out, err := rig.client.Query(context.Background(), entityQuery())
	if err != nil {
		t.Fatalf("the SDK cannot read a page the test wrote: %v\n%s", err, body)
	}
	for _, strict := range []bool{false, true} {
		want, wantSkipped, mapErr := mapCollectionPage(out.Items, strict)
		got := new(ShopCustomerPage)
		c := shopCustomerJSON(got, strict)
		_, directErr := rig.client.Query(context.Background(), entityQuery(), ddbjson.WithDecoder(&ddbjson.Page{Items: c}))
		switch {
		case (mapErr == nil) != (directErr == nil):
			t.Fatalf("strict %t: map error %v, direct error %v\nbody: %s", strict, mapErr, directErr, body)
		case mapErr != nil:
			var d1, d2 *ddb.DecodeError
			if errors.Is(mapErr, ddb.ErrForeignItem) != errors.Is(directErr, ddb.ErrForeignItem) ||
				errors.As(mapErr, &d1) != errors.As(directErr, &d2) || d1 != nil && d1.Error() != d2.Error() {
				t.Fatalf("strict %t: map error %v, direct error %v\nbody: %s", strict, mapErr, directErr, body)
			}
		case c.Skipped != wantSkipped || !reflect.DeepEqual(got, want):
			t.Fatalf("strict %t: direct page %+v (%d skipped), map page %+v (%d skipped)\nbody: %s", strict, got, c.Skipped, want, wantSkipped, body)
		}
		// The same page as each entity's query would read it.
		for _, m := range jsonModels {
			if m.table != "shop" {
				continue
			}
			want, wantSkipped, mapErr := m.pageMap(out.Items, strict)
			got, skipped, directErr := m.pageDirect(rig, strict)
			switch {
			case (mapErr == nil) != (directErr == nil):
				t.Fatalf("%s, strict %t: map error %v, direct error %v\nbody: %s", m.name, strict, mapErr, directErr, body)
			case mapErr != nil:
				var d1, d2 *ddb.DecodeError
				if errors.Is(mapErr, ddb.ErrForeignItem) != errors.Is(directErr, ddb.ErrForeignItem) ||
					errors.As(mapErr, &d1) != errors.As(directErr, &d2) || d1 != nil && d1.Error() != d2.Error() {
					t.Fatalf("%s, strict %t: map error %v, direct error %v\nbody: %s", m.name, strict, mapErr, directErr, body)
				}
			case skipped != wantSkipped || !reflect.DeepEqual(got, want):
				t.Fatalf("%s, strict %t: direct page %+v (%d skipped), map page %+v (%d skipped)\nbody: %s", m.name, strict, got, skipped, want, wantSkipped, body)
			}
		}
	}
}

// shopItems are the items of table shop that checkSeed made for seed: one
// per entity, each damaged step by step, and without its type attribute
// (an item of a KEYS_ONLY index).
func shopItems(t *testing.T, seed uint64, mutations []byte) []map[string]types.AttributeValue {
	r := rand.New(rand.NewPCG(seed, 13))
	var out []map[string]types.AttributeValue
	for _, m := range jsonModels {
		if m.table != "shop" {
			continue
		}
		item, err := m.random(r).(ddb.Item).MarshalItem()
		if err != nil {
			continue
		}
		out = append(out, maps.Clone(item))
		keysOnly := maps.Clone(item)
		for k := range keysOnly {
			if k != "pk" && k != "sk" && k != "gsi2pk" && k != "gsi2sk" {
				delete(keysOnly, k)
			}
		}
		out = append(out, keysOnly)
		for i, b := range mutations {
			damage(rand.New(rand.NewPCG(seed, uint64(b)<<8|uint64(i))), "shop", item)
			if len(item) == 0 {
				break
			}
			out = append(out, maps.Clone(item))
		}
	}
	return out
}

func TestCollectionJSONMatchesTheMapPath(t *testing.T) {
	rig := newJSONRig()
	for i := range 100 {
		seed := uint64(20261207 + i)
		muts := make([]byte, i%4)
		for j := range muts {
			muts[j] = byte(seed>>j) ^ byte(j*53)
		}
		ok := t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 17))
			items := shopItems(t, seed, muts)
			r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
			checkCollection(t, rig, r, items)
			// Each item alone, so that a page's first error hides none.
			for _, it := range items {
				checkCollection(t, rig, r, []map[string]types.AttributeValue{it})
			}
		})
		if !ok {
			return
		}
	}
}

// TestCollectionTwoTypes: an item with two type attributes (which DynamoDB
// never sends) belongs to the member the last one names, as in the SDK's
// map of it.
func TestCollectionTwoTypes(t *testing.T) {
	rig := newJSONRig()
	var w ddbjson.Writer
	if err := (&Order{CustomerID: "c", ID: "o", Status: "paid"}).EncodeJSONItem(&w); err != nil {
		t.Fatal(err)
	}
	order := string(w.Bytes()) // its _et ("order") is last
	for _, other := range []string{"customer", "order", "order_item", "product", "none"} {
		et := `"_et":{"S":"` + other + `"}`
		for _, item := range []string{
			`{` + et + `,` + order[1:],                              // other, ..., order
			order[:len(order)-1] + `,` + et + `}`,                   // ..., order, other
			`{` + et + `,` + order[1:len(order)-1] + `,` + et + `}`, // other, ..., order, other
		} {
			checkCollectionBody(t, rig, []byte(`{"Items":[`+item+`],"Count":1}`))
		}
	}
}
