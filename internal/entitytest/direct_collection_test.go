package entitytest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbevents"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// TestCollectionQueriesOnBothPaths reads the same collection partitions
// through a plain client (the map path) and ddbjson.NewClient (each answer
// decoded straight into the generated page): the same pages, cursors, items
// in the same order, Skipped counts, and errors (strict, and an item of a
// member that does not decode), with every member item decoded directly.
func TestCollectionQueriesOnBothPaths(t *testing.T) {
	viaMap, client, table := newShop(t)
	fill(t, viaMap, client, table, 3, 2)
	dc := ddbjson.NewClient(client)
	direct := NewShopStore(dc, table)
	ctx := t.Context()

	for _, limit := range []int32{0, 1, 4} {
		var opts []ddb.TableQueryOption
		if limit > 0 {
			opts = append(opts, ddb.Limit(limit))
		}
		gq, wq := direct.QueryCustomer("c1", opts...), viaMap.QueryCustomer("c1", opts...)
		var gc, wc string
		for range 20 {
			gp, gerr := gq.Page(ctx, gc)
			wp, werr := wq.Page(ctx, wc)
			if gerr != nil || werr != nil || !reflect.DeepEqual(gp, wp) {
				t.Fatalf("limit %d: direct page %+v (%v), map path %+v (%v)", limit, gp, gerr, wp, werr)
			}
			if gp.Next == "" {
				break
			}
			gc, wc = gp.Next, wp.Next
		}
		if gq.Skipped() != wq.Skipped() || gq.Skipped() != 2 {
			t.Errorf("limit %d: skipped %d direct, %d map path, want 2", limit, gq.Skipped(), wq.Skipped())
		}
		// All, and All capped by Limit.
		ga, wa := direct.QueryCustomer("c1", opts...), viaMap.QueryCustomer("c1", opts...)
		var gs, ws []ShopCustomerItem
		for it, err := range ga.All(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			gs = append(gs, it)
		}
		for it, err := range wa.All(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			ws = append(ws, it)
		}
		// All yields Limit member items (items of no member skipped do not
		// count): 1 customer, 3 orders and 6 order items in all.
		want := 10
		if limit > 0 {
			want = min(want, int(limit))
		}
		if !reflect.DeepEqual(gs, ws) || len(gs) != want || ga.Skipped() != wa.Skipped() {
			t.Errorf("All, limit %d: direct %d items (skipped %d), map path %d (skipped %d)", limit, len(gs), ga.Skipped(), len(ws), wa.Skipped())
		}
	}
	// The gsi1 collection.
	gp, gerr := direct.QueryOrderGsi1Index("o1").Page(ctx, "")
	wp, werr := viaMap.QueryOrderGsi1Index("o1").Page(ctx, "")
	if gerr != nil || werr != nil || !reflect.DeepEqual(gp, wp) || len(gp.Items) == 0 {
		t.Errorf("gsi1 collection: direct %+v (%v), map path %+v (%v)", gp, gerr, wp, werr)
	}
	if d, v := dc.Stats(); d == 0 || v != 0 {
		t.Errorf("Stats: %d items decoded directly, %d answers through the map path", d, v)
	}

	// Strict: the same error.
	_, gerr = direct.QueryCustomer("c1", ddb.StrictEntities()).Page(ctx, "")
	_, werr = viaMap.QueryCustomer("c1", ddb.StrictEntities()).Page(ctx, "")
	if !errors.Is(gerr, ddb.ErrForeignItem) || gerr.Error() != werr.Error() {
		t.Errorf("strict: direct %v, map path %v", gerr, werr)
	}
	// A member item that does not decode: the same error from Page, and All
	// yields the items before it, then the error.
	// The customer's name becomes a BOOL, which a string field refuses.
	if _, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(table),
		Key:              map[string]types.AttributeValue{"pk": ddb.S("CUSTOMER#c1"), "sk": ddb.S("PROFILE")},
		UpdateExpression: aws.String("SET #n = :n"), ExpressionAttributeNames: map[string]string{"#n": "name"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":n": &types.AttributeValueMemberBOOL{Value: true}}}); err != nil {
		t.Fatal(err)
	}
	_, gerr = direct.QueryCustomer("c1").Page(ctx, "")
	_, werr = viaMap.QueryCustomer("c1").Page(ctx, "")
	if gerr == nil || werr == nil || gerr.Error() != werr.Error() {
		t.Errorf("undecodable member: direct %v, map path %v", gerr, werr)
	}
	var gn, wn int
	var gaerr, waerr error
	for _, err := range direct.QueryCustomer("c1").All(ctx) {
		if gaerr = err; err != nil {
			break
		}
		gn++
	}
	for _, err := range viaMap.QueryCustomer("c1").All(ctx) {
		if waerr = err; err != nil {
			break
		}
		wn++
	}
	if gn != wn || gaerr == nil || waerr == nil || gaerr.Error() != waerr.Error() {
		t.Errorf("undecodable member in All: direct %d items then %v, map path %d then %v", gn, gaerr, wn, waerr)
	}
}

// TestEntityQueriesOnBothPaths: an entity's query, scan and parallel scan,
// whole and with Limit(n) (All yields n of the entity's items when there
// are that many: other entities' items skipped do not count), give the same
// items and Skipped counts through a plain client and ddbjson.NewClient.
func TestEntityQueriesOnBothPaths(t *testing.T) {
	viaMap, client, table := newShop(t)
	fill(t, viaMap, client, table, 4, 2)
	dc := ddbjson.NewClient(client)
	direct := NewShopStore(dc, table)
	ctx := t.Context()
	const orders = 4
	for _, limit := range []int32{0, 1, 2, 3, 5} {
		var opts []ddb.TableQueryOption
		if limit > 0 {
			opts = append(opts, ddb.Limit(limit))
		}
		for _, kind := range []string{"query", "scan", "parallel scan"} {
			q := func(s *ShopStore) *ddb.Query[Order] {
				switch kind {
				case "scan":
					return s.Order.Scan(opts...)
				case "parallel scan":
					return s.Order.Scan(append(opts, ddb.Parallel(3))...)
				}
				return s.Order.Query("c1", opts...)
			}
			want := orders
			if limit > 0 && int(limit) < want {
				want = int(limit)
			}
			gq, wq := q(direct), q(viaMap)
			got, gerr := all(gq.All(ctx))
			exp, werr := all(wq.All(ctx))
			if gerr != nil || werr != nil || len(got) != want || len(exp) != want {
				t.Errorf("%s, limit %d: direct %d orders (%v), map path %d (%v), want %d", kind, limit, len(got), gerr, len(exp), werr, want)
				continue
			}
			if kind == "parallel scan" {
				if limit == 0 && (gq.Skipped() != wq.Skipped() || gq.Skipped() == 0) {
					t.Errorf("parallel scan: skipped %d direct, %d map path", gq.Skipped(), wq.Skipped())
				}
				continue // segments answer in any order
			}
			if !reflect.DeepEqual(got, exp) || gq.Skipped() != wq.Skipped() {
				t.Errorf("%s, limit %d: direct %v (skipped %d), map path %v (skipped %d)", kind, limit, got, gq.Skipped(), exp, wq.Skipped())
			}
			if kind == "parallel scan" {
				continue
			}
			gp, gnext, gerr := q(direct).Page(ctx, "")
			wp, wnext, werr := q(viaMap).Page(ctx, "")
			if gerr != nil || werr != nil || !reflect.DeepEqual(gp, wp) || (gnext == "") != (wnext == "") {
				t.Errorf("Page, %s, limit %d: direct %d orders, map path %d", kind, limit, len(gp), len(wp))
			}
		}
	}
	if _, v := dc.Stats(); v != 0 {
		t.Errorf("%d answers through the map path", v)
	}
}

func all[T any](seq func(func(T, error) bool)) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// shopOrders records the changes HandleShopChanges gives each entity.
type shopOrders struct{ orders []OrderChange }

func (h *shopOrders) CustomerChanged(context.Context, CustomerChange) error   { return nil }
func (h *shopOrders) OrderItemChanged(context.Context, OrderItemChange) error { return nil }
func (h *shopOrders) ProductChanged(context.Context, ProductChange) error     { return nil }
func (h *shopOrders) OrderChanged(_ context.Context, c OrderChange) error {
	h.orders = append(h.orders, c)
	return nil
}

// TestEntityStreamFromRawJSON: ddbjson.HandleChanges of an entity over the
// raw JSON of a shop stream batch (customers, orders and order items) gives
// fn the Order changes only, equal to those HandleShopChanges gives
// OrderChanged over the events.DynamoDBEvent; the other entities' records are
// skipped, not failed.
func TestEntityStreamFromRawJSON(t *testing.T) {
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	c := &Customer{ID: "c1", Email: "a@x.com", Name: "Ada"}
	o1 := &Order{CustomerID: "c1", ID: "o1", PlacedAt: at, Status: "new"}
	o2 := *o1
	o2.Status = "paid"
	it := &OrderItem{CustomerID: "c1", OrderID: "o1", PlacedAt: at, N: 1, SKU: "s", Quantity: 2}
	ev := ddbevents.MustEvent(ShopSchema, ddbevents.Insert(c), ddbevents.Insert(o1), ddbevents.Insert(it), ddbevents.Modify(o1, &o2), ddbevents.Remove(c))
	var h shopOrders
	if resp := HandleShopChanges(t.Context(), ev, &h); len(resp.BatchItemFailures) > 0 {
		t.Fatal(resp)
	}
	raw, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	var got []OrderChange
	out, err := ddbjson.HandleChanges[Order](&ShopSchema, func(_ context.Context, c OrderChange) error {
		got = append(got, c)
		return nil
	}).Invoke(t.Context(), raw)
	var resp events.DynamoDBEventResponse
	if err != nil || json.Unmarshal(out, &resp) != nil || len(resp.BatchItemFailures) > 0 {
		t.Fatalf("response %s, %v", out, err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got, h.orders) {
		t.Errorf("raw path: %+v\nevents path: %+v", got, h.orders)
	}
}

// TestEntityTxUpdateAnyVersion: a versioned entity's TxUpdateAnyVersion in a
// ddb.WriteTx applies without a version check, increments the version, keeps
// the entity's index keys true (gsi2 follows Status), and refuses with the
// transaction's cancellation when its condition fails.
func TestEntityTxUpdateAnyVersion(t *testing.T) {
	shop, client, _ := newShop(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	if err := shop.Order.Put(ctx, &Order{CustomerID: "c1", ID: "o1", PlacedAt: at, Status: "new", Total: 5}); err != nil {
		t.Fatal(err)
	}
	if err := shop.Order.Put(ctx, &Order{CustomerID: "c1", ID: "o2", PlacedAt: at, Status: "new", Total: 1}); err != nil {
		t.Fatal(err)
	}
	err := ddb.WriteTx(ctx, client,
		shop.Order.TxUpdateAnyVersion("c1", at, "o1", OrderAttrs.Total.Add(-3), OrderAttrs.Status.Set("reserved"), ddb.If(OrderAttrs.Total.Ge(3))),
		shop.Order.TxUpdateAnyVersion("c1", at, "o2", OrderAttrs.Total.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	o1, err := shop.Order.Get(ctx, "c1", at, "o1", ddb.ConsistentRead())
	if err != nil || o1.Total != 2 || o1.Status != "reserved" || o1.Version != 2 {
		t.Fatalf("after the transaction: %+v, %v (want total 2, reserved, version 2)", o1, err)
	}
	// The status index follows the new status.
	got, _, err := shop.Order.QueryGsi2Index("reserved").Page(ctx, "")
	if err != nil || len(got) != 1 || got[0].ID != "o1" {
		t.Errorf("gsi2 after the update: %+v, %v", got, err)
	}
	// Not enough left: the whole transaction is cancelled on that condition.
	err = ddb.WriteTx(ctx, client,
		shop.Order.TxUpdateAnyVersion("c1", at, "o1", OrderAttrs.Total.Add(-3), ddb.If(OrderAttrs.Total.Ge(3))),
		shop.Order.TxUpdateAnyVersion("c1", at, "o2", OrderAttrs.Total.Add(1)))
	var ce *ddb.TxCanceledError
	if !errors.As(err, &ce) || !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("cancelled transaction: %v", err)
	}
	if o2, err := shop.Order.Get(ctx, "c1", at, "o2", ddb.ConsistentRead()); err != nil || o2.Total != 2 || o2.Version != 2 {
		t.Errorf("o2 after the cancelled transaction: %+v, %v", o2, err)
	}
}
