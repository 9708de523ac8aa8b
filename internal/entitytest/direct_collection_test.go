package entitytest

import (
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
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
		// (Limit 1 reads the first item only: the item of no entity.)
		if !reflect.DeepEqual(gs, ws) || (len(gs) == 0) != (limit == 1) || ga.Skipped() != wa.Skipped() {
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

// TestEntityQueriesOnBothPaths: an entity's query and scan, whole and
// capped by Limit (which counts the other entities' items DynamoDB read,
// on both paths), give the same items and Skipped counts through a plain
// client and through ddbjson.NewClient.
func TestEntityQueriesOnBothPaths(t *testing.T) {
	viaMap, client, table := newShop(t)
	fill(t, viaMap, client, table, 4, 2)
	direct := NewShopStore(ddbjson.NewClient(client), table)
	ctx := t.Context()
	for _, limit := range []int32{0, 1, 3, 5} {
		var opts []ddb.TableQueryOption
		if limit > 0 {
			opts = append(opts, ddb.Limit(limit))
		}
		for _, scan := range []bool{false, true} {
			q := func(s *ShopStore) *ddb.Query[Order] {
				if scan {
					return s.Order.Scan(opts...)
				}
				return s.Order.Query("c1", opts...)
			}
			gq, wq := q(direct), q(viaMap)
			got, gerr := all(gq.All(ctx))
			want, werr := all(wq.All(ctx))
			if gerr != nil || werr != nil || !reflect.DeepEqual(got, want) || gq.Skipped() != wq.Skipped() {
				t.Errorf("limit %d, scan %v: direct %d orders (skipped %d, %v), map path %d (skipped %d, %v)",
					limit, scan, len(got), gq.Skipped(), gerr, len(want), wq.Skipped(), werr)
			}
			gp, gnext, gerr := q(direct).Page(ctx, "")
			wp, wnext, werr := q(viaMap).Page(ctx, "")
			if gerr != nil || werr != nil || !reflect.DeepEqual(gp, wp) || (gnext == "") != (wnext == "") {
				t.Errorf("Page, limit %d, scan %v: direct %d orders, map path %d", limit, scan, len(gp), len(wp))
			}
		}
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
