package ddbjson_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// TestClientGetIsDirect checks, on DynamoDB Local, that a store made with
// ddbjson.NewClient really reads Get's item through the model's
// DecodeJSONItem (the test hook counts the decodes) and returns what the map
// path returns: the same items, the same typed errors for a missing item
// and an item that does not decode.
func TestClientGetIsDirect(t *testing.T) {
	ctx := t.Context()
	client, name, orders := localOrders(t, 8)
	decodes := 0
	ddbjson.SetDirectDecodes(func() { decodes++ })
	t.Cleanup(func() { ddbjson.SetDirectDecodes(nil) })
	direct := benchtest.NewOrderStore(ddbjson.NewClient(client), name)
	viaMap := benchtest.NewOrderStore(client, name)

	for _, o := range orders {
		want, err := viaMap.Get(ctx, o.CustomerID, o.OrderDate, ddb.ConsistentRead())
		if err != nil {
			t.Fatal(err)
		}
		got, err := direct.Get(ctx, o.CustomerID, o.OrderDate, ddb.ConsistentRead())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("direct Get = %+v, map path %+v", got, want)
		}
	}
	if decodes != len(orders) {
		t.Errorf("%d items decoded directly, want %d", decodes, len(orders))
	}

	// A missing item: the same *ddb.ItemError wrapping ErrNotFound.
	_, werr := viaMap.Get(ctx, "c", "no such date")
	_, gerr := direct.Get(ctx, "c", "no such date")
	var ie *ddb.ItemError
	if !errors.Is(gerr, ddb.ErrNotFound) || !errors.As(gerr, &ie) || gerr.Error() != werr.Error() {
		t.Errorf("missing item: direct error %v, map path %v", gerr, werr)
	}

	// An item whose version is not a number: the model's decoding error,
	// in the same *ddb.ItemError as on the map path, and no SDK wrapping.
	putUndecodable(t, client, name)
	_, werr = viaMap.Get(ctx, "c", "bad")
	_, gerr = direct.Get(ctx, "c", "bad")
	var wie, gie *ddb.ItemError
	if werr == nil || !errors.As(werr, &wie) || !errors.As(gerr, &gie) || reflect.TypeOf(gie.Err) != reflect.TypeOf(wie.Err) || gerr.Error() != werr.Error() {
		t.Errorf("undecodable item: direct error %v (%T), map path %v", gerr, unwrapItem(gerr), werr)
	}

	// A target without DecodeJSONItem: the SDK's output, its Item for the
	// map path, and no direct decode.
	before := decodes
	var plain struct{ Total float64 }
	out, found, err := ddbjson.NewClient(client).GetItemInto(ctx, &dynamodb.GetItemInput{TableName: aws.String(name), Key: map[string]types.AttributeValue{
		"customer_id": &types.AttributeValueMemberS{Value: orders[0].CustomerID},
		"order_date":  &types.AttributeValueMemberS{Value: orders[0].OrderDate},
	}}, &plain)
	if err != nil || found || out.Item == nil || decodes != before {
		t.Errorf("fallback: found %v, Item %v, err %v, %d direct decodes", found, out.Item != nil, err, decodes-before)
	}
}

func unwrapItem(err error) error {
	var ie *ddb.ItemError
	if errors.As(err, &ie) {
		return ie.Err
	}
	return err
}

// TestClientPagesAreDirect checks, on DynamoDB Local, that the Page of a
// store's query and scan made with ddbjson.NewClient decodes through
// DecodeJSONItem and returns the map path's pages and cursors; that an
// index projection type without DecodeJSONItem falls back to the map path;
// and that an item that does not decode fails the page as on the map path.
func TestClientPagesAreDirect(t *testing.T) {
	ctx := t.Context()
	client, name, orders := localOrders(t, 8)
	decodes := 0
	ddbjson.SetDirectDecodes(func() { decodes++ })
	t.Cleanup(func() { ddbjson.SetDirectDecodes(nil) })
	direct := benchtest.NewOrderStore(ddbjson.NewClient(client), name)
	viaMap := benchtest.NewOrderStore(client, name)

	pages := func(what string, q func(*benchtest.OrderStore) interface {
		Page(context.Context, string) ([]benchtest.Order, string, error)
	}) {
		t.Helper()
		var gc, wc string
		n := 0
		for range 10 {
			got, gnext, gerr := q(direct).Page(ctx, gc)
			want, wnext, werr := q(viaMap).Page(ctx, wc)
			if gerr != nil || werr != nil {
				t.Fatalf("%s: direct error %v, map path %v", what, gerr, werr)
			}
			if !reflect.DeepEqual(got, want) || gnext != wnext {
				t.Fatalf("%s: direct page %+v (next %q), map path %+v (next %q)", what, got, gnext, want, wnext)
			}
			n += len(got)
			if gnext == "" {
				break
			}
			gc, wc = gnext, wnext
		}
		if n != len(orders) {
			t.Errorf("%s: %d items over the pages, want %d", what, n, len(orders))
		}
	}
	pages("query", func(s *benchtest.OrderStore) interface {
		Page(context.Context, string) ([]benchtest.Order, string, error)
	} {
		return s.Query("c", ddb.Limit(3), ddb.ConsistentRead())
	})
	pages("scan", func(s *benchtest.OrderStore) interface {
		Page(context.Context, string) ([]benchtest.Order, string, error)
	} {
		return s.Scan(ddb.Limit(5), ddb.ConsistentRead())
	})
	if decodes != 2*len(orders) {
		t.Errorf("%d items decoded directly, want %d", decodes, 2*len(orders))
	}

	// All, whole and capped by Limit.
	before := decodes
	for _, limit := range []int32{0, 5} {
		opts := []ddb.TableQueryOption{ddb.ConsistentRead()}
		if limit > 0 {
			opts = append(opts, ddb.Limit(limit))
		}
		got, gerr := all(direct.Query("c", opts...).All(ctx))
		want, werr := all(viaMap.Query("c", opts...).All(ctx))
		if gerr != nil || werr != nil || !reflect.DeepEqual(got, want) || len(got) == 0 {
			t.Errorf("All (limit %d): direct %d items (%v), map path %d (%v)", limit, len(got), gerr, len(want), werr)
		}
	}
	if decodes == before {
		t.Errorf("All decoded nothing directly")
	}

	// A projection type without DecodeJSONItem: the map path, same page.
	before = decodes
	got, _, gerr := direct.QueryStatusIndex("c").Page(ctx, "")
	want, _, werr := viaMap.QueryStatusIndex("c").Page(ctx, "")
	if gerr != nil || werr != nil || !reflect.DeepEqual(got, want) || len(got) != len(orders) || decodes != before {
		t.Errorf("projection: direct %d items (%v), map path %d (%v), %d direct decodes", len(got), gerr, len(want), werr, decodes-before)
	}

	// An item whose version is not a number: the page fails with the
	// store's decoding error, as on the map path.
	putUndecodable(t, client, name)
	_, _, gerr = direct.Query("c", ddb.ConsistentRead()).Page(ctx, "")
	_, _, werr = viaMap.Query("c", ddb.ConsistentRead()).Page(ctx, "")
	// All yields the items before it, then the same error.
	gall, gerr2 := all(direct.Query("c", ddb.ConsistentRead()).All(ctx))
	wall, werr2 := all(viaMap.Query("c", ddb.ConsistentRead()).All(ctx))
	if gerr2 == nil || werr2 == nil || gerr2.Error() != werr2.Error() || !reflect.DeepEqual(gall, wall) {
		t.Errorf("undecodable item in All: direct %d items, %v; map path %d items, %v", len(gall), gerr2, len(wall), werr2)
	}
	const prefix = "ddb: Query " // decodeItemError's "ddb: Query <table>: decode item: ..."
	if gerr == nil || werr == nil || gerr.Error() != werr.Error() || !strings.HasPrefix(gerr.Error(), prefix+name+": decode item: ") {
		t.Errorf("undecodable item: direct error %v, map path %v", gerr, werr)
	}
}

// all collects a sequence's items and its error.
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

// TestClientBatchGetIsDirect checks, on DynamoDB Local, that a store's
// BatchGet made with ddbjson.NewClient decodes through DecodeJSONItem and
// returns what the map path returns: items in the order of the keys,
// missing and repeated keys left out, more than one request of 100 keys,
// and an item that does not decode left out with the same error while the
// others are returned.
func TestClientBatchGetIsDirect(t *testing.T) {
	ctx := t.Context()
	client, name, orders := localOrders(t, 130)
	decodes := 0
	ddbjson.SetDirectDecodes(func() { decodes++ })
	t.Cleanup(func() { ddbjson.SetDirectDecodes(nil) })
	direct := benchtest.NewOrderStore(ddbjson.NewClient(client), name)
	viaMap := benchtest.NewOrderStore(client, name)

	// Keys in reverse, a missing one and a repeated one among them: 132
	// keys, 130 distinct ones read, two requests.
	var keys []benchtest.OrderKey
	for i := len(orders) - 1; i >= 0; i-- {
		keys = append(keys, benchtest.OrderKeyOf(&orders[i]))
		if i == 70 {
			keys = append(keys, benchtest.OrderKey{CustomerID: "c", OrderDate: "no such date"}, benchtest.OrderKeyOf(&orders[3]))
		}
	}
	want, werr := viaMap.BatchGet(ctx, keys, ddb.ConsistentRead())
	got, gerr := direct.BatchGet(ctx, keys, ddb.ConsistentRead())
	if gerr != nil || werr != nil || !reflect.DeepEqual(got, want) || len(got) != len(orders) {
		t.Fatalf("BatchGet: direct %d items (%v), map path %d (%v)", len(got), gerr, len(want), werr)
	}
	if decodes != len(orders) {
		t.Errorf("%d items decoded directly, want %d", decodes, len(orders))
	}

	// No keys, and only missing keys: an empty slice on both paths, not nil.
	for _, ks := range [][]benchtest.OrderKey{nil, {{CustomerID: "c", OrderDate: "no such date"}}} {
		got, gerr = direct.BatchGet(ctx, ks)
		want, werr = viaMap.BatchGet(ctx, ks)
		if gerr != nil || werr != nil || got == nil || want == nil || len(got) != 0 {
			t.Errorf("BatchGet of %v: direct %#v (%v), map path %#v (%v)", ks, got, gerr, want, werr)
		}
	}

	// A projection of the key and one attribute.
	got, gerr = direct.BatchGet(ctx, keys[:5], ddb.Select(benchtest.OrderAttrs.Status))
	want, werr = viaMap.BatchGet(ctx, keys[:5], ddb.Select(benchtest.OrderAttrs.Status))
	if gerr != nil || werr != nil || !reflect.DeepEqual(got, want) || len(got) != 5 {
		t.Errorf("BatchGet with Select: direct %+v (%v), map path %+v (%v)", got, gerr, want, werr)
	}

	// An item whose version is not a number among good ones: the good ones
	// come back, the bad one is left out with the same *ddb.ItemError.
	putUndecodable(t, client, name)
	mixed := []benchtest.OrderKey{keys[0], {CustomerID: "c", OrderDate: "bad"}, keys[1]}
	got, gerr = direct.BatchGet(ctx, mixed, ddb.ConsistentRead())
	want, werr = viaMap.BatchGet(ctx, mixed, ddb.ConsistentRead())
	var ie *ddb.ItemError
	if gerr == nil || werr == nil || gerr.Error() != werr.Error() || !errors.As(gerr, &ie) || !reflect.DeepEqual(got, want) || len(got) != 2 {
		t.Errorf("undecodable item: direct %d items, %v; map path %d items, %v", len(got), gerr, len(want), werr)
	}
}

// TestClientUpdateIsDirect checks, on DynamoDB Local, that a store's Update
// made with ddbjson.NewClient reads the returned item through
// DecodeJSONItem and returns what the map path returns for each Return
// choice, the same typed errors for a version conflict and a missing item,
// and the same *ddb.ItemError when the returned item does not decode.
func TestClientUpdateIsDirect(t *testing.T) {
	ctx := t.Context()
	client, name, orders := localOrders(t, 4)
	decodes := 0
	ddbjson.SetDirectDecodes(func() { decodes++ })
	t.Cleanup(func() { ddbjson.SetDirectDecodes(nil) })
	direct := benchtest.NewOrderStore(ddbjson.NewClient(client), name)
	viaMap := benchtest.NewOrderStore(client, name)
	status := benchtest.OrderAttrs.Status

	// Each path updates its own twin of orders[0] (equal but for the
	// key) the same way, from the same stored state: the answers must be
	// equal but for the key.
	a, b := orders[0], orders[0]
	b.OrderDate += "-twin"
	item, err := b.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: item}); err != nil {
		t.Fatal(err)
	}
	for i, ret := range []ddb.Returned{ddb.NewItem, ddb.OldItem, ddb.UpdatedNew, ddb.UpdatedOld, ddb.NoItem} {
		got, gerr := direct.UpdateAnyVersion(ctx, a.CustomerID, a.OrderDate, status.Set(fmt.Sprint("s", i)), ddb.Return(ret))
		want, werr := viaMap.UpdateAnyVersion(ctx, b.CustomerID, b.OrderDate, status.Set(fmt.Sprint("s", i)), ddb.Return(ret))
		if gerr != nil || werr != nil || (got == nil) != (want == nil) {
			t.Fatalf("Return(%v): direct %+v (%v), map path %+v (%v)", ret, got, gerr, want, werr)
		}
		if got != nil {
			g, w := *got, *want
			g.OrderDate, w.OrderDate = "", ""
			if !reflect.DeepEqual(g, w) {
				t.Errorf("Return(%v): direct %+v, map path %+v", ret, g, w)
			}
		}
	}
	if decodes != 4 {
		t.Errorf("%d items decoded directly, want 4 (none for NoItem)", decodes)
	}

	// A stale version and a missing item: the same errors.
	_, gerr := direct.Update(ctx, orders[2].CustomerID, orders[2].OrderDate, 99, status.Set("x"))
	_, werr := viaMap.Update(ctx, orders[3].CustomerID, orders[3].OrderDate, 99, status.Set("x"))
	if !errors.Is(gerr, ddb.ErrVersionConflict) || !errors.Is(werr, ddb.ErrVersionConflict) {
		t.Errorf("stale version: direct %v, map path %v", gerr, werr)
	}
	_, gerr = direct.UpdateAnyVersion(ctx, "c", "no such date", status.Set("x"))
	_, werr = viaMap.UpdateAnyVersion(ctx, "c", "no such date", status.Set("x"))
	if !errors.Is(gerr, ddb.ErrNotFound) || withoutRequestID(gerr) != withoutRequestID(werr) {
		t.Errorf("missing item: direct %v, map path %v", gerr, werr)
	}

	// A returned item that does not decode (expires_at is a BOOL).
	for _, o := range orders[2:] {
		if _, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String(name),
			Key:                       map[string]types.AttributeValue{"customer_id": &types.AttributeValueMemberS{Value: o.CustomerID}, "order_date": &types.AttributeValueMemberS{Value: o.OrderDate}},
			UpdateExpression:          aws.String("SET #t = :t"),
			ExpressionAttributeNames:  map[string]string{"#t": "expires_at"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	_, gerr = direct.UpdateAnyVersion(ctx, orders[2].CustomerID, orders[2].OrderDate, status.Set("y"))
	_, werr = viaMap.UpdateAnyVersion(ctx, orders[3].CustomerID, orders[3].OrderDate, status.Set("y"))
	var gie, wie *ddb.ItemError
	if !errors.As(gerr, &gie) || !errors.As(werr, &wie) || strings.Replace(gerr.Error(), orders[2].OrderDate, "D", 1) != strings.Replace(werr.Error(), orders[3].OrderDate, "D", 1) {
		t.Errorf("undecodable item: direct %v, map path %v", gerr, werr)
	}
}

var requestID = regexp.MustCompile(`RequestID: [0-9a-f-]+`)

func withoutRequestID(err error) string {
	if err == nil {
		return "<nil>"
	}
	return requestID.ReplaceAllString(err.Error(), "RequestID: ?")
}

// TestClientReadTxIsDirect checks, on DynamoDB Local, that ddb.ReadTx
// through ddbjson.NewClient decodes each read straight into its
// destination and returns what the map path returns: the same items and
// found flags, a missing item's destination untouched, and the same
// *ddb.ItemError when an item does not decode.
func TestClientReadTxIsDirect(t *testing.T) {
	ctx := t.Context()
	client, name, orders := localOrders(t, 3)
	decodes := 0
	ddbjson.SetDirectDecodes(func() { decodes++ })
	t.Cleanup(func() { ddbjson.SetDirectDecodes(nil) })
	dc := ddbjson.NewClient(client)
	s := benchtest.NewOrderStore(dc, name)

	read := func(api ddb.TxReadAPI) ([]benchtest.Order, []bool, error) {
		dst := make([]benchtest.Order, 4)
		dst[3].Status = "untouched"
		found, err := ddb.ReadTx(ctx, api,
			s.TxGet(&dst[0], orders[0].CustomerID, orders[0].OrderDate),
			s.TxGet(&dst[1], orders[1].CustomerID, orders[1].OrderDate, ddb.Select(benchtest.OrderAttrs.Status)),
			s.TxGet(&dst[2], orders[2].CustomerID, orders[2].OrderDate),
			s.TxGet(&dst[3], "c", "no such date"))
		return dst, found, err
	}
	got, gfound, gerr := read(dc)
	want, wfound, werr := read(client)
	if gerr != nil || werr != nil || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gfound, wfound) {
		t.Fatalf("ReadTx: direct %+v %v (%v), map path %+v %v (%v)", got, gfound, gerr, want, wfound, werr)
	}
	if !reflect.DeepEqual(gfound, []bool{true, true, true, false}) || got[3].Status != "untouched" || got[0].Total == 0 {
		t.Errorf("ReadTx: found %v, items %+v", gfound, got)
	}
	if decodes != 3 {
		t.Errorf("%d items decoded directly, want 3", decodes)
	}
	if d, v := dc.Stats(); d != 3 || v != 0 {
		t.Errorf("Stats = %d direct, %d via the map path; want 3, 0", d, v)
	}

	// An item that does not decode: the same error.
	putUndecodable(t, client, name)
	var o1, o2 benchtest.Order
	_, gerr = ddb.ReadTx(ctx, dc, s.TxGet(&o1, orders[0].CustomerID, orders[0].OrderDate), s.TxGet(&o2, "c", "bad"))
	_, werr = ddb.ReadTx(ctx, client, s.TxGet(&o1, orders[0].CustomerID, orders[0].OrderDate), s.TxGet(&o2, "c", "bad"))
	var ie *ddb.ItemError
	if gerr == nil || !errors.As(gerr, &ie) || gerr.Error() != werr.Error() {
		t.Errorf("undecodable item: direct %v, map path %v", gerr, werr)
	}

	// A destination without DecodeJSONItem: its item in the SDK's form.
	var plain struct{ Total float64 }
	out, direct, decErr, _, err := dc.TransactGetItemsInto(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
		{Get: &types.Get{TableName: aws.String(name), Key: orderKey(orders[0])}},
		{Get: &types.Get{TableName: aws.String(name), Key: orderKey(orders[1])}},
	}}, []any{&plain, new(benchtest.Order)})
	if err != nil || decErr != nil || !reflect.DeepEqual(direct, []bool{false, true}) || out.Responses[0].Item == nil || out.Responses[1].Item != nil {
		t.Errorf("mixed destinations: direct %v, items %v, errors %v %v", direct, out, decErr, err)
	}
}

// TestClientParallelScanIsDirect checks, on DynamoDB Local, that a parallel
// scan's All through ddbjson.NewClient decodes every segment's pages
// directly and yields the map path's items (in no order: compared sorted),
// and an item that does not decode ends it with the map path's error.
func TestClientParallelScanIsDirect(t *testing.T) {
	ctx := t.Context()
	client, name, orders := localOrders(t, 40)
	decodes := 0
	var mu sync.Mutex
	ddbjson.SetDirectDecodes(func() { mu.Lock(); decodes++; mu.Unlock() })
	t.Cleanup(func() { ddbjson.SetDirectDecodes(nil) })
	direct := benchtest.NewOrderStore(ddbjson.NewClient(client), name)
	viaMap := benchtest.NewOrderStore(client, name)
	sorted := func(os []benchtest.Order) []benchtest.Order {
		slices.SortFunc(os, func(a, b benchtest.Order) int { return strings.Compare(a.OrderDate, b.OrderDate) })
		return os
	}
	for _, limit := range []int32{0, 3} {
		opts := []ddb.TableQueryOption{ddb.Parallel(4), ddb.ConsistentRead()}
		if limit > 0 {
			opts = append(opts, ddb.Limit(limit))
		}
		got, gerr := all(direct.Scan(opts...).All(ctx))
		want, werr := all(viaMap.Scan(opts...).All(ctx))
		if gerr != nil || werr != nil {
			t.Fatalf("limit %d: direct error %v, map path %v", limit, gerr, werr)
		}
		if limit > 0 {
			if len(got) != int(limit) || len(want) != int(limit) {
				t.Errorf("limit %d: direct %d items, map path %d", limit, len(got), len(want))
			}
			continue
		}
		if !reflect.DeepEqual(sorted(got), sorted(want)) || len(got) != len(orders) {
			t.Errorf("parallel scan: direct %d items, map path %d, or they differ", len(got), len(want))
		}
	}
	if decodes < len(orders) {
		t.Errorf("%d items decoded directly, want at least %d", decodes, len(orders))
	}

	putUndecodable(t, client, name)
	_, gerr := all(direct.Scan(ddb.Parallel(4), ddb.ConsistentRead()).All(ctx))
	_, werr := all(viaMap.Scan(ddb.Parallel(4), ddb.ConsistentRead()).All(ctx))
	if gerr == nil || werr == nil || gerr.Error() != werr.Error() {
		t.Errorf("undecodable item: direct %v, map path %v", gerr, werr)
	}
}

// TestClientReturnOldIsDirect checks, on DynamoDB Local, that Put and
// Delete with ReturnOld through ddbjson.NewClient decode the old item
// straight into a new model value, as the map path does: the old item, nil
// when there was none, and the destination left alone when it does not
// decode.
func TestClientReturnOldIsDirect(t *testing.T) {
	ctx := t.Context()
	client, name, orders := localOrders(t, 2)
	decodes := 0
	ddbjson.SetDirectDecodes(func() { decodes++ })
	t.Cleanup(func() { ddbjson.SetDirectDecodes(nil) })
	direct := benchtest.NewOrderStore(ddbjson.NewClient(client), name)
	viaMap := benchtest.NewOrderStore(client, name)

	for _, s := range []struct {
		name  string
		store *benchtest.OrderStore
		o     benchtest.Order
	}{{"direct", direct, orders[0]}, {"map", viaMap, orders[1]}} {
		stored, err := s.store.Get(ctx, s.o.CustomerID, s.o.OrderDate)
		if err != nil {
			t.Fatal(err)
		}
		next := *stored
		next.Status = "replaced"
		var old *benchtest.Order
		if err := s.store.Put(ctx, &next, ddb.ReturnOld(&old)); err != nil || !reflect.DeepEqual(old, stored) {
			t.Errorf("%s: Put returned old %+v (%v), want %+v", s.name, old, err, stored)
		}
		// A new item: no old one.
		fresh := s.o
		fresh.OrderDate += "-new"
		fresh.Version = 0
		old = &benchtest.Order{}
		if err := s.store.Put(ctx, &fresh, ddb.ReturnOld(&old)); err != nil || old != nil {
			t.Errorf("%s: Put of a new item returned old %+v (%v)", s.name, old, err)
		}
		if err := s.store.Delete(ctx, next.CustomerID, next.OrderDate, ddb.ReturnOld(&old)); err != nil || old == nil || old.Status != "replaced" || old.Version != next.Version {
			t.Errorf("%s: Delete returned old %+v (%v)", s.name, old, err)
		}
		if err := s.store.Delete(ctx, next.CustomerID, next.OrderDate, ddb.ReturnOld(&old)); err != nil || old != nil {
			t.Errorf("%s: Delete of a missing item returned old %+v (%v)", s.name, old, err)
		}
	}
	if decodes != 3 { // Get, Put's old item, Delete's old item
		t.Errorf("%d items decoded directly, want 3", decodes)
	}

	// An old item that does not decode: the same error, dst untouched.
	var errs []string
	for _, s := range []*benchtest.OrderStore{direct, viaMap} {
		putUndecodable(t, client, name)
		keep := &benchtest.Order{Status: "kept"}
		old := keep
		err := s.Delete(ctx, "c", "bad", ddb.ReturnOld(&old))
		var ie *ddb.ItemError
		if !errors.As(err, &ie) || old != keep {
			t.Errorf("undecodable old item: %v, dst %+v", err, old)
		}
		errs = append(errs, fmt.Sprint(err))
	}
	if errs[0] != errs[1] {
		t.Errorf("undecodable old item: direct %s, map path %s", errs[0], errs[1])
	}
}

// putUndecodable stores order ("c", "bad"), whose version is a BOOL: an
// item the Order model refuses to decode, on either path.
func putUndecodable(t *testing.T, client *dynamodb.Client, name string) {
	t.Helper()
	bad := map[string]types.AttributeValue{
		"customer_id": &types.AttributeValueMemberS{Value: "c"},
		"order_date":  &types.AttributeValueMemberS{Value: "bad"},
		"version":     &types.AttributeValueMemberBOOL{Value: true},
	}
	if _, err := client.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(name), Item: bad}); err != nil {
		t.Fatal(err)
	}
}
