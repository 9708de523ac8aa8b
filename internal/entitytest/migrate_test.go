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
