package entitytest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// newShop creates a shop table on the local server, deleted when the test ends.
func newShop(t *testing.T) (*ShopStore, *dynamodb.Client, string) {
	t.Helper()
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, ShopSchema.Name)
	if err := ddb.CreateTable(t.Context(), client, ShopSchema, name); err != nil {
		t.Fatalf("create table: %v", err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, name); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	return NewShopStore(storeAPI(client), name), client, name
}

var t0 = time.Date(2026, 11, 3, 10, 4, 5, 123456789, time.FixedZone("EST", -5*3600))

func s(av types.AttributeValue) string {
	if v, ok := av.(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return fmt.Sprintf("<%T>", av)
}

// Keys are built from the templates, with the type attribute; an index
// whose text field is empty is left out (sparse).
func TestGoldenKeys(t *testing.T) {
	o := &Order{CustomerID: "c-1", ID: "o-1", PlacedAt: t0, Status: "paid", Total: 5}
	m, err := o.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"pk": "CUSTOMER#c-1", "sk": "ORDER#2026-11-03T15:04:05.123456789Z#o-1",
		"gsi1pk": "ORDER#o-1", "gsi1sk": "ORDER",
		"gsi2pk": "STATUS#paid", "gsi2sk": "ORDER#2026-11-03T15:04:05.123456789Z#o-1", "_et": "order",
	}
	for k, v := range want {
		if got := s(m[k]); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	o.Status = ""
	m, err = o.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m["gsi2pk"]; ok {
		t.Errorf("an order without status has gsi2pk %v", m["gsi2pk"])
	}
	if _, ok := m["gsi2sk"]; ok {
		t.Errorf("an order without status has gsi2sk %v", m["gsi2sk"])
	}
	c := &Customer{ID: "c-1", Email: "Ada@X.com"}
	m, _ = c.MarshalItem()
	if got := s(m["gsi1pk"]); got != "EMAIL#ada@x.com" {
		t.Errorf("gsi1pk = %q", got)
	}
	it := &OrderItem{CustomerID: "c-1", OrderID: "o-1", PlacedAt: t0, N: -1}
	m, _ = it.MarshalItem()
	if got, want := s(m["sk"]), "ORDER#2026-11-03T15:04:05.123456789Z#o-1#ITEM#-9999999999999999999"; got != want {
		t.Errorf("sk = %q, want %q", got, want)
	}
	// A value holding the separator is refused before anything is sent.
	bad := &Customer{ID: "a#b", Email: "x"}
	if _, err := bad.MarshalItem(); !errors.Is(err, keys.ErrSeparator) || !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("separator in a key field: %v", err)
	}
}

// An item decodes only as its entity; one read from a keys-only index gets
// its key fields back from the keys.
func TestDecodeChecksEntity(t *testing.T) {
	o := &Order{CustomerID: "c-1", ID: "o-1", PlacedAt: t0, Status: "paid", Total: 5}
	m, _ := o.MarshalItem()
	var c Customer
	if err := c.UnmarshalItem(m); !errors.Is(err, ddb.ErrForeignItem) {
		t.Errorf("an order decoded as a customer: %v", err)
	}
	keysOnly := map[string]types.AttributeValue{"pk": m["pk"], "sk": m["sk"], "gsi2pk": m["gsi2pk"], "gsi2sk": m["gsi2sk"]}
	var got Order
	if err := got.UnmarshalItem(keysOnly); err != nil {
		t.Fatal(err)
	}
	if got.CustomerID != "c-1" || got.ID != "o-1" || !got.PlacedAt.Equal(t0) || got.Status != "paid" || got.Total != 0 {
		t.Errorf("from keys: %+v", got)
	}
	if err := c.UnmarshalItem(keysOnly); !errors.Is(err, ddb.ErrForeignItem) {
		t.Errorf("an order's keys decoded as a customer: %v", err)
	}
	// Without a type attribute, a key attribute the entity does not fill
	// rules it out: a product's keys never decode as an order.
	pm, _ := (&Product{SKU: "ORDER", Category: "x", Price: 1}).MarshalItem()
	delete(pm, "_et")
	if err := got.UnmarshalItem(pm); !errors.Is(err, ddb.ErrForeignItem) {
		t.Errorf("a product decoded as an order: %v", err)
	}
}

// fill writes a customer's partition: the profile, orders with their items,
// and two items the table's entities do not own (another entity's, none's).
func fill(t *testing.T, shop *ShopStore, client *dynamodb.Client, table string, orders, items int) {
	t.Helper()
	ctx := t.Context()
	if err := shop.Customer.Put(ctx, &Customer{ID: "c1", Email: "ada@x.com", Name: "Ada"}); err != nil {
		t.Fatal(err)
	}
	for i := range orders {
		o := &Order{CustomerID: "c1", ID: fmt.Sprintf("o%d", i), PlacedAt: t0.Add(time.Duration(i) * time.Hour), Status: "paid", Total: int64(i)}
		if err := shop.Order.Put(ctx, o); err != nil {
			t.Fatal(err)
		}
		for n := range items {
			it := &OrderItem{CustomerID: "c1", OrderID: o.ID, PlacedAt: o.PlacedAt, N: n, SKU: "sku", Quantity: 1}
			if err := shop.OrderItem.Put(ctx, it); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, raw := range []map[string]types.AttributeValue{
		{"pk": ddb.S("CUSTOMER#c1"), "sk": ddb.S("COUPON#1"), "_et": ddb.S("coupon")},
		{"pk": ddb.S("CUSTOMER#c1"), "sk": ddb.S("ORDER#legacy")},
	} {
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: raw}); err != nil {
			t.Fatal(err)
		}
	}
}

type counter struct{ customers, orders, items int }

func (c *counter) VisitCustomer(*Customer) error   { c.customers++; return nil }
func (c *counter) VisitOrder(*Order) error         { c.orders++; return nil }
func (c *counter) VisitOrderItem(*OrderItem) error { c.items++; return nil }

// A collection's partition read in pages of one: every member item once,
// in sort order, typed; the foreign ones skipped and counted.
func TestCollectionPagesOfOne(t *testing.T) {
	shop, client, table := newShop(t)
	fill(t, shop, client, table, 3, 2)
	q := shop.QueryCustomer("c1", ddb.Limit(1))
	var c counter
	seen := map[string]bool{}
	cursor, pages := "", 0
	for {
		p, err := q.Page(t.Context(), cursor)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if err := p.Visit(&c); err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != len(p.Customer)+len(p.Order)+len(p.OrderItem) {
			t.Fatalf("page items %d, per member %d+%d+%d", len(p.Items), len(p.Customer), len(p.Order), len(p.OrderItem))
		}
		for _, it := range p.Items {
			var k string
			switch x := it.(type) {
			case *Customer:
				k = "C" + x.ID
			case *Order:
				k = "O" + x.ID
			case *OrderItem:
				k = fmt.Sprintf("I%s/%d", x.OrderID, x.N)
			}
			if seen[k] {
				t.Errorf("%s read twice", k)
			}
			seen[k] = true
		}
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if c != (counter{1, 3, 6}) {
		t.Errorf("visited %+v, want 1 customer, 3 orders, 6 items", c)
	}
	if q.Skipped() != 2 {
		t.Errorf("skipped %d, want 2 (the coupon and the item of no entity)", q.Skipped())
	}
	if pages < 11 {
		t.Errorf("%d pages of one for 12 items", pages)
	}
	// A read-only store reads the same.
	ro := NewShopReadOnlyStore(storeAPI(client), table)
	if p, err := ro.QueryCustomer("c1").Page(t.Context(), ""); err != nil || len(p.Items) != 10 {
		t.Errorf("read-only collection query: %v", err)
	}
	if c, err := ro.Customer.Get(t.Context(), "c1"); err != nil || c.Name != "Ada" {
		t.Errorf("read-only get: %v, %v", c, err)
	}
	// All: the same items in sort order (ORDER# sorts before PROFILE).
	var order []string
	for it, err := range shop.QueryCustomer("c1").All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		order = append(order, fmt.Sprintf("%T", it))
	}
	if len(order) != 10 || order[0] != "*entitytest.Order" || order[1] != "*entitytest.OrderItem" || order[9] != "*entitytest.Customer" {
		t.Errorf("All: %v", order)
	}
	// StrictEntities: a foreign item is an error, not a wrong type.
	_, err := shop.QueryCustomer("c1", ddb.StrictEntities()).Page(t.Context(), "")
	if !errors.Is(err, ddb.ErrForeignItem) {
		t.Errorf("strict collection query: %v", err)
	}
	// The gsi1 collection: an order and its items.
	var n counter
	for it, err := range shop.QueryOrderGsi1Index("o1").All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if err := VisitShopOrderGsi1Index(it, orderVisitor{&n}); err != nil {
			t.Fatal(err)
		}
	}
	if n != (counter{0, 1, 2}) {
		t.Errorf("order o1 collection: %+v", n)
	}
}

type orderVisitor struct{ c *counter }

func (v orderVisitor) VisitOrder(o *Order) error         { return v.c.VisitOrder(o) }
func (v orderVisitor) VisitOrderItem(i *OrderItem) error { return v.c.VisitOrderItem(i) }

// An entity's query selects its items by the sort template's literal and
// the conditions on its fields; hierarchical items under the prefix are
// skipped and counted, never decoded as orders.
func TestEntityQueries(t *testing.T) {
	shop, client, table := newShop(t)
	fill(t, shop, client, table, 4, 2)
	ctx := t.Context()
	q := shop.Order.Query("c1")
	var ids []string
	for o, err := range q.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	if fmt.Sprint(ids) != "[o0 o1 o2 o3]" {
		t.Errorf("orders %v", ids)
	}
	if q.Skipped() != 8 {
		t.Errorf("skipped %d order items, want 8", q.Skipped())
	}
	got, _, err := shop.Order.Query("c1", OrderKeyParts.PlacedAt.Ge(t0.Add(2*time.Hour))).Page(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "o2" || got[1].ID != "o3" {
		t.Errorf("PlacedAt >= t0+2h: %v", got)
	}
	got, _, err = shop.Order.Query("c1", OrderKeyParts.PlacedAt.Eq(t0.Add(time.Hour)), OrderKeyParts.ID.Eq("o1")).Page(ctx, "")
	if err != nil || len(got) != 1 || got[0].ID != "o1" {
		t.Errorf("PlacedAt = t0+1h, ID = o1: %v, %v", got, err)
	}
	if _, _, err := shop.Order.Query("c1", OrderKeyParts.ID.Eq("o1")).Page(ctx, ""); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("a condition skipping PlacedAt: %v", err)
	}
	if _, _, err := shop.Order.Query("c1", ddb.StrictEntities()).Page(ctx, ""); !errors.Is(err, ddb.ErrForeignItem) {
		t.Errorf("strict: %v", err)
	}
	scan := shop.Order.Scan()
	if all := collectAll(t, scan.All(ctx)); len(all) != 4 || scan.Skipped() != 11 {
		t.Errorf("scan: %d orders, %d skipped (want 4 and 1+8+2)", len(all), scan.Skipped())
	}
	items, _, err := shop.OrderItem.Query("c1", OrderItemKeyParts.PlacedAt.Eq(t0), OrderItemKeyParts.OrderID.Eq("o0"), OrderItemKeyParts.N.Ge(1)).Page(ctx, "")
	if err != nil || len(items) != 1 || items[0].N != 1 {
		t.Errorf("items of o0 with N >= 1: %v, %v", items, err)
	}
	// Keys-only index: the key fields come back from the keys.
	byStatus := collectAll(t, shop.Order.QueryGsi2Index("paid").All(ctx))
	if len(byStatus) != 4 || byStatus[0].CustomerID != "c1" || byStatus[0].ID != "o0" || !byStatus[0].PlacedAt.Equal(t0) || byStatus[0].Status != "paid" {
		t.Errorf("gsi2: %+v", byStatus)
	}
	if c, _, err := shop.Customer.QueryGsi1Index("ada@x.com").Page(ctx, ""); err != nil || len(c) != 1 || c[0].Name != "Ada" {
		t.Errorf("customer by email: %v, %v", c, err)
	}
}

func collectAll[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// CRUD by typed key fields; Get of another entity's item under the key is ErrForeignItem.
func TestStoreByKeyFields(t *testing.T) {
	shop, client, table := newShop(t)
	ctx := t.Context()
	o := &Order{CustomerID: "c1", ID: "o1", PlacedAt: t0, Status: "new", Total: 3}
	if err := shop.Order.Create(ctx, o); err != nil {
		t.Fatal(err)
	}
	got, err := shop.Order.Get(ctx, "c1", t0, "o1")
	if err != nil || got.Total != 3 || got.Version != 1 {
		t.Fatalf("get: %+v, %v", got, err)
	}
	if _, err := shop.Order.Get(ctx, "c1", t0, "o2"); !errors.Is(err, ddb.ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	if _, err := shop.Customer.Get(ctx, "a#b"); !errors.Is(err, keys.ErrSeparator) {
		t.Errorf("separator in a key argument: %v", err)
	}
	m, _ := (&Order{CustomerID: "c1", ID: "o9", PlacedAt: t0}).MarshalItem()
	m["_et"] = ddb.S("coupon")
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: m}); err != nil {
		t.Fatal(err)
	}
	if _, err := shop.Order.Get(ctx, "c1", t0, "o9"); !errors.Is(err, ddb.ErrForeignItem) {
		t.Errorf("another entity's item under an order's key: %v", err)
	}
	all, err := shop.Order.BatchGet(ctx, []OrderKey{{"c1", t0, "o1"}, {"c1", t0, "o2"}})
	if err != nil || len(all) != 1 {
		t.Errorf("batch get: %v, %v", all, err)
	}
	if err := shop.Order.Delete(ctx, "c1", t0, "o1", 1); err != nil {
		t.Fatal(err)
	}
	if err := shop.Product.BatchWrite(ctx, []Product{{SKU: "p1", Category: "tea", Price: 5}, {SKU: "p2", Category: "tea", Price: 7}}, nil); err != nil {
		t.Fatal(err)
	}
	ps := collectAll(t, shop.Product.QueryGsi1Index("tea", ProductKeyParts.Price.Gt(5)).All(ctx))
	if len(ps) != 1 || ps[0].SKU != "p2" {
		t.Errorf("products of tea over 5: %v", ps)
	}
}

// Updates keep index keys true: a changed field rewrites its index keys in
// the same request, an emptied one removes them, and an update that does not
// know every field of a key it changes is refused, naming them.
func TestUpdateKeepsKeysTrue(t *testing.T) {
	shop, _, _ := newShop(t)
	ctx := t.Context()
	if err := shop.Customer.Put(ctx, &Customer{ID: "c1", Email: "ada@x.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := shop.Customer.Update(ctx, "c1", CustomerAttrs.Email.Set("Ada@New.com")); err != nil {
		t.Fatal(err)
	}
	if old := collectAll(t, shop.Customer.QueryGsi1Index("ada@x.com").All(ctx)); len(old) != 0 {
		t.Errorf("old email still finds %v", old)
	}
	if cur := collectAll(t, shop.Customer.QueryGsi1Index("ada@new.com").All(ctx)); len(cur) != 1 || cur[0].Email != "Ada@New.com" {
		t.Errorf("new email finds %v", cur)
	}
	o := &Order{CustomerID: "c1", ID: "o1", PlacedAt: t0, Status: "paid"}
	if err := shop.Order.Put(ctx, o); err != nil {
		t.Fatal(err)
	}
	if _, err := shop.Order.Update(ctx, "c1", t0, "o1", o.Version, OrderAttrs.Status.Set("shipped")); err != nil {
		t.Fatal(err)
	}
	if got := collectAll(t, shop.Order.QueryGsi2Index("shipped").All(ctx)); len(got) != 1 || got[0].ID != "o1" {
		t.Errorf("by new status: %v", got)
	}
	if got := collectAll(t, shop.Order.QueryGsi2Index("paid").All(ctx)); len(got) != 0 {
		t.Errorf("by old status: %v", got)
	}
	// Sparse: emptying the status removes the order from gsi2.
	after, err := shop.Order.UpdateAnyVersion(ctx, "c1", t0, "o1", OrderAttrs.Status.Set(""))
	if err != nil {
		t.Fatal(err)
	}
	if got := collectAll(t, shop.Order.QueryGsi2Index("shipped").All(ctx)); len(got) != 0 {
		t.Errorf("emptied status still in gsi2: %v", got)
	}
	if after.Status != "" {
		t.Errorf("status %q", after.Status)
	}
	// Price and SKU make the product's gsi1sk: setting Category alone
	// rewrites gsi1pk only if Price is known too.
	if err := shop.Product.Put(ctx, &Product{SKU: "p1", Category: "tea", Price: 5}); err != nil {
		t.Fatal(err)
	}
	_, err = shop.Product.Update(ctx, "p1", ProductAttrs.Price.Set(9))
	if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "category") {
		t.Errorf("update of price without category: %v", err)
	}
	if _, err := shop.Product.Update(ctx, "p1", ProductAttrs.Price.Set(9), ProductAttrs.Category.Set("coffee")); err != nil {
		t.Fatal(err)
	}
	if got := collectAll(t, shop.Product.QueryGsi1Index("coffee", ProductKeyParts.Price.Eq(9)).All(ctx)); len(got) != 1 {
		t.Errorf("coffee at 9: %v", got)
	}
	if got := collectAll(t, shop.Product.QueryGsi1Index("tea").All(ctx)); len(got) != 0 {
		t.Errorf("still tea: %v", got)
	}
	// An upsert creates an item of the entity, with its type attribute.
	up, err := shop.Product.Update(ctx, "p9", ProductAttrs.Title.Set("new"), ddb.Upsert())
	if err != nil || up.SKU != "p9" || up.Title != "new" {
		t.Errorf("upsert: %+v, %v", up, err)
	}
	if _, err := shop.Product.Get(ctx, "p9"); err != nil {
		t.Errorf("get of the upserted product: %v", err)
	}
	if _, err := shop.Product.Update(ctx, "p1", ProductAttrs.Price.Add(1), ProductAttrs.Category.Set("coffee")); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("Add on a key field: %v", err)
	}
}

// Move is one transaction: under a concurrent writer incrementing the old
// item, every increment that succeeded is in the moved item, and the old
// item is gone.
func TestMoveAtomic(t *testing.T) {
	shop, _, _ := newShop(t)
	ctx := t.Context()
	o := &Order{CustomerID: "c1", ID: "o1", PlacedAt: t0, Status: "paid"}
	if err := shop.Order.Put(ctx, o); err != nil {
		t.Fatal(err)
	}
	var done atomic.Bool
	var wg sync.WaitGroup
	var adds atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			_, err := shop.Order.UpdateAnyVersion(ctx, "c1", t0, "o1", OrderAttrs.Total.Add(1), ddb.If(OrderAttrs.ID.Exists()))
			if err == nil {
				adds.Add(1)
			} else if !errors.Is(err, ddb.ErrConditionFailed) && !errors.Is(err, ddb.ErrNotFound) {
				t.Error(err)
				return
			}
		}
	}()
	time.Sleep(50 * time.Millisecond)
	moved := false
	for range 200 {
		cur, err := shop.Order.Get(ctx, "c1", t0, "o1", ddb.ConsistentRead())
		if err != nil {
			t.Fatal(err)
		}
		next := *cur
		next.PlacedAt = t0.Add(24 * time.Hour)
		if err := shop.Order.Move(ctx, OrderKeyOf(cur), cur.Version, &next); err == nil {
			moved = true
			break
		} else if !errors.Is(err, ddb.ErrVersionConflict) && !errors.Is(err, ddb.ErrConditionFailed) {
			t.Fatal(err)
		}
	}
	time.Sleep(50 * time.Millisecond)
	done.Store(true)
	wg.Wait()
	if !moved {
		t.Fatal("no Move succeeded")
	}
	if _, err := shop.Order.Get(ctx, "c1", t0, "o1", ddb.ConsistentRead()); !errors.Is(err, ddb.ErrNotFound) {
		t.Errorf("old item: %v", err)
	}
	got, err := shop.Order.Get(ctx, "c1", t0.Add(24*time.Hour), "o1", ddb.ConsistentRead())
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != adds.Load() {
		t.Errorf("moved total %d, increments that succeeded %d", got.Total, adds.Load())
	}
	if gsi := collectAll(t, shop.Order.QueryGsi2Index("paid").All(ctx)); len(gsi) != 1 || !gsi[0].PlacedAt.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("gsi2 after the move: %v", gsi)
	}
}
