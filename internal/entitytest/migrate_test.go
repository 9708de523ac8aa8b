package entitytest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// oldOrder is entity "order" as it was before its templates changed:
// pk=CUST#{CustomerID}, sk=ORDER#{ID}, no indexes.
var oldOrder = ddb.NewEntity("order", "_et", nil,
	ddb.EntityKeyAttr{Attr: "pk", Template: keys.MustBind("CUST#{CustomerID}", keys.PartitionKey, '#', keys.KindString), Fields: []string{"customer_id"}},
	ddb.EntityKeyAttr{Attr: "sk", Template: keys.MustBind("ORDER#{ID}", keys.SortKey, '#', keys.KindString), Fields: []string{"id"}},
)

// A migration spread over segments and pages, with checkpoints, rewrites
// every old item once, under concurrent writers, and a rerun changes nothing.
func TestMigrateResumableUnderWriters(t *testing.T) {
	shop, client, table := newShop(t)
	ctx := t.Context()
	const n = 90
	orders := make([]*Order, n)
	for i := range orders {
		o := &Order{CustomerID: fmt.Sprintf("c%d", i%4), ID: fmt.Sprintf("o%03d", i), PlacedAt: t0.Add(time.Duration(i) * time.Minute), Status: "paid", Total: 1, Version: 1}
		orders[i] = o
		m, err := o.MarshalItem()
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"} {
			delete(m, k)
		}
		m["pk"], m["sk"] = ddb.S("CUST#"+o.CustomerID), ddb.S("ORDER#"+o.ID)
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: m}); err != nil {
			t.Fatal(err)
		}
	}
	if err := shop.Product.Put(ctx, &Product{SKU: "p1", Category: "tea", Price: 3}); err != nil {
		t.Fatal(err)
	}
	// Writers add 1 to random orders' totals, under the old key while the
	// order is there, else under the new one.
	var adds atomic.Int64
	var done atomic.Bool
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 7))
			for !done.Load() {
				o := orders[rnd.IntN(n)]
				_, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
					TableName: aws.String(table), Key: map[string]types.AttributeValue{"pk": ddb.S("CUST#" + o.CustomerID), "sk": ddb.S("ORDER#" + o.ID)},
					UpdateExpression: aws.String("SET #t = #t + :one"), ConditionExpression: aws.String("attribute_exists(pk)"),
					ExpressionAttributeNames:  map[string]string{"#t": "total"},
					ExpressionAttributeValues: map[string]types.AttributeValue{":one": &types.AttributeValueMemberN{Value: "1"}},
				})
				if err == nil {
					adds.Add(1)
					continue
				}
				var ccf *types.ConditionalCheckFailedException
				if !errors.As(err, &ccf) {
					t.Error(err)
					return
				}
				_, err = shop.Order.UpdateAnyVersion(ctx, o.CustomerID, o.PlacedAt, o.ID, OrderAttrs.Total.Add(1), ddb.If(OrderAttrs.ID.Exists()))
				if err == nil {
					adds.Add(1)
				} else if !errors.Is(err, ddb.ErrConditionFailed) && !errors.Is(err, ddb.ErrNotFound) {
					t.Error(err)
					return
				}
			}
		}()
	}
	const segments = 3
	migrated := 0
	var firstCursor [segments]string
	for seg := range int32(segments) {
		cursor, pages := "", 0
		for {
			p, err := shop.Order.Migrate(ctx, oldOrder, seg, segments, 7, cursor)
			if err != nil {
				t.Fatal(err)
			}
			migrated += p.Migrated
			pages++
			if pages == 1 {
				firstCursor[seg] = p.Cursor
			}
			if cursor = p.Cursor; cursor == "" {
				break
			}
		}
	}
	done.Store(true)
	wg.Wait()
	if migrated != n {
		t.Errorf("migrated %d items, want %d", migrated, n)
	}
	// Resuming from an early checkpoint (a rerun after a crash) changes nothing.
	for seg := range int32(segments) {
		for cursor := firstCursor[seg]; cursor != ""; {
			p, err := shop.Order.Migrate(ctx, oldOrder, seg, segments, 7, cursor)
			if err != nil {
				t.Fatal(err)
			}
			if p.Migrated != 0 {
				t.Errorf("rerun of segment %d migrated %d", seg, p.Migrated)
			}
			cursor = p.Cursor
		}
	}
	out, err := client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	count := 0
	for _, it := range out.Items {
		if strings.HasPrefix(s(it["pk"]), "CUST#") {
			t.Errorf("an old item is left: %v", it)
		}
		var o Order
		if o.UnmarshalItem(it) == nil {
			count++
			total += o.Total
		}
	}
	if count != n || total != n+adds.Load() {
		t.Errorf("%d orders with total %d, want %d with %d (%d increments)", count, total, n, n+adds.Load(), adds.Load())
	}
	if got := collectAll(t, shop.Order.QueryGsi2Index("paid").All(ctx)); len(got) != n {
		t.Errorf("gsi2 holds %d orders, want %d", len(got), n)
	}
	if adds.Load() == 0 {
		t.Error("no concurrent write happened")
	}
}

// The old entity comes from the templates as the template guard printed them
// (OldEntity): items stored under the old table and index keys move to the
// new ones, are found there by key and by index, and a rerun moves nothing.
func TestMigrateFromRecordedTemplates(t *testing.T) {
	shop, client, table := newShop(t)
	ctx := t.Context()
	const n = 12
	for i := range n {
		o := &Order{CustomerID: "c1", ID: fmt.Sprintf("o%02d", i), PlacedAt: t0.Add(time.Duration(i) * time.Minute), Status: "paid", Total: int64(i), Version: 1}
		m, err := o.MarshalItem()
		if err != nil {
			t.Fatal(err)
		}
		// Stored by the model before: pk=CUST#{CustomerID}, sk=ORDER#{ID},
		// gsi2sk=ORDER#{ID}; gsi1 unchanged.
		m["pk"], m["sk"], m["gsi2sk"] = ddb.S("CUST#c1"), ddb.S("ORDER#"+o.ID), ddb.S("ORDER#"+o.ID)
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: m}); err != nil {
			t.Fatal(err)
		}
	}
	if err := shop.Customer.Put(ctx, &Customer{ID: "c1", Email: "a@x.com"}); err != nil {
		t.Fatal(err)
	}
	old, err := shop.Order.OldEntity("", map[string]string{
		"pk":     "CUST#{CustomerID:string}",
		"sk":     "ORDER#{ID:string}",
		"gsi2sk": "ORDER#{ID:string}",
	})
	if err != nil {
		t.Fatal(err)
	}
	run := func() (moved, skipped int) {
		const segments = 3
		for seg := int32(0); seg < segments; seg++ {
			for cursor := ""; ; {
				p, err := shop.Order.Migrate(ctx, old, seg, segments, 4, cursor)
				if err != nil {
					t.Fatal(err)
				}
				moved, skipped = moved+p.Migrated, skipped+p.Skipped
				if cursor = p.Cursor; cursor == "" {
					break
				}
			}
		}
		return moved, skipped
	}
	if moved, _ := run(); moved != n {
		t.Errorf("moved %d orders, want %d", moved, n)
	}
	if moved, skipped := run(); moved != 0 || skipped != n+1 {
		t.Errorf("rerun moved %d, skipped %d (want 0 and %d)", moved, skipped, n+1)
	}
	got, err := shop.Order.Get(ctx, "c1", t0.Add(5*time.Minute), "o05")
	if err != nil || got.Total != 5 {
		t.Errorf("order o05 under its new key: %+v, %v", got, err)
	}
	if byStatus := collectAll(t, shop.Order.QueryGsi2Index("paid", OrderKeyParts.PlacedAt.Ge(t0.Add(10*time.Minute))).All(ctx)); len(byStatus) != 2 {
		t.Errorf("orders by status from t0+10m under the new gsi2sk: %d", len(byStatus))
	}
	page, err := shop.QueryCustomer("c1").Page(ctx, "")
	if err != nil || len(page.Order) != n || len(page.Customer) != 1 || page.Order[0].ID != "o00" {
		t.Errorf("customer c1's collection after the migration: %+v, %v", page, err)
	}
	out, err := client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range out.Items {
		if pk := it["pk"].(*types.AttributeValueMemberS).Value; strings.HasPrefix(pk, "CUST#") {
			t.Errorf("item left under an old key: %v", pk)
		}
	}
	if _, err := shop.Order.OldEntity("", map[string]string{"sk": "ORDER#{ID}"}); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("an old template without kinds: %v", err)
	}
	if _, err := shop.Order.OldEntity("", map[string]string{"nope": "X#{ID:string}"}); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("an old template of no key attribute: %v", err)
	}
}
