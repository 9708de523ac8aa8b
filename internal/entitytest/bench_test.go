package entitytest

import (
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Hand-written single-table code, as one writes it without a generator:
// keys with fmt and strconv, the codec by attributevalue's reflection, and a
// switch on the type attribute.

const timeLayout = "2006-01-02T15:04:05.000000000Z"

func handOrderItem(o *Order) (map[string]types.AttributeValue, error) {
	m, err := attributevalue.MarshalMap(o)
	if err != nil {
		return nil, err
	}
	placed := o.PlacedAt.UTC().Format(timeLayout)
	m["pk"] = &types.AttributeValueMemberS{Value: fmt.Sprintf("CUSTOMER#%s", o.CustomerID)}
	m["sk"] = &types.AttributeValueMemberS{Value: fmt.Sprintf("ORDER#%s#%s", placed, o.ID)}
	m["gsi1pk"] = &types.AttributeValueMemberS{Value: "ORDER#" + o.ID}
	m["gsi1sk"] = &types.AttributeValueMemberS{Value: "ORDER"}
	if o.Status != "" {
		m["gsi2pk"] = &types.AttributeValueMemberS{Value: "STATUS#" + o.Status}
		m["gsi2sk"] = &types.AttributeValueMemberS{Value: fmt.Sprintf("ORDER#%s#%s", placed, o.ID)}
	}
	m["_et"] = &types.AttributeValueMemberS{Value: "order"}
	return m, nil
}

type handPage struct {
	customers []*Customer
	orders    []*Order
	items     []*OrderItem
	all       []any
}

func handDecodePage(items []map[string]types.AttributeValue) (*handPage, error) {
	p := new(handPage)
	for _, it := range items {
		et, _ := it["_et"].(*types.AttributeValueMemberS)
		if et == nil {
			continue
		}
		switch et.Value {
		case "customer":
			v := new(Customer)
			if err := attributevalue.UnmarshalMap(it, v); err != nil {
				return nil, err
			}
			p.customers = append(p.customers, v)
			p.all = append(p.all, v)
		case "order":
			v := new(Order)
			if err := attributevalue.UnmarshalMap(it, v); err != nil {
				return nil, err
			}
			p.orders = append(p.orders, v)
			p.all = append(p.all, v)
		case "order_item":
			v := new(OrderItem)
			if err := attributevalue.UnmarshalMap(it, v); err != nil {
				return nil, err
			}
			p.items = append(p.items, v)
			p.all = append(p.all, v)
		}
	}
	return p, nil
}

// genDecodePage is what a collection query's Page does with each raw item.
func genDecodePage(items []map[string]types.AttributeValue) (*ShopCustomerPage, error) {
	p := new(ShopCustomerPage)
	for _, it := range items {
		if m := shopCustomerCollection.Member(it); m >= 0 {
			if err := p.add(m, it); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// collectionItems is a 100-item page of one customer's partition: the
// profile, 33 orders and 66 order items.
func collectionItems(tb testing.TB) []map[string]types.AttributeValue {
	var out []map[string]types.AttributeValue
	add := func(m map[string]types.AttributeValue, err error) {
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, m)
	}
	add((&Customer{ID: "c-000123", Email: "ada@example.com", Name: "Ada Lovelace"}).MarshalItem())
	for i := range 33 {
		o := &Order{CustomerID: "c-000123", ID: "o-" + strconv.Itoa(i), PlacedAt: t0.AddDate(0, 0, i), Status: "paid", Total: int64(100 * i), Version: 3}
		add(o.MarshalItem())
		for n := range 2 {
			add((&OrderItem{CustomerID: o.CustomerID, OrderID: o.ID, PlacedAt: o.PlacedAt, N: n, SKU: "sku-" + strconv.Itoa(n), Quantity: n + 1}).MarshalItem())
		}
	}
	return out
}

var benchOrder = &Order{CustomerID: "c-000123", ID: "o-000456", PlacedAt: t0, Status: "paid", Total: 4200, Version: 3}

// The compared paths do the same work.
func TestBenchPathsAgree(t *testing.T) {
	gen, err := benchOrder.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	hand, err := handOrderItem(benchOrder)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gen, hand) {
		t.Fatalf("items differ:\ngenerated   %v\nhandwritten %v", gen, hand)
	}
	items := collectionItems(t)
	g, err := genDecodePage(items)
	if err != nil {
		t.Fatal(err)
	}
	h, err := handDecodePage(items)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 100 || len(g.Items) != 100 || !reflect.DeepEqual(g.Customer, h.customers) || !reflect.DeepEqual(g.Order, h.orders) || !reflect.DeepEqual(g.OrderItem, h.items) {
		t.Fatalf("pages differ: %d items; generated %d/%d/%d, handwritten %d/%d/%d", len(items),
			len(g.Customer), len(g.Order), len(g.OrderItem), len(h.customers), len(h.orders), len(h.items))
	}
}

// BenchmarkEntityKeys encodes an Order with its six key attributes and its
// type attribute.
func BenchmarkEntityKeys(b *testing.B) {
	b.Run("impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := benchOrder.MarshalItem(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := handOrderItem(benchOrder); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCollectionPage decodes a 100-item page of a customer's
// collection into typed items.
func BenchmarkCollectionPage(b *testing.B) {
	items := collectionItems(b)
	b.Run("impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := genDecodePage(items); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := handDecodePage(items); err != nil {
				b.Fatal(err)
			}
		}
	})
}
