package ddb_test

import (
	"context"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// wantUnits fails unless c holds exactly total units in n responses.
func wantUnits(t *testing.T, what string, c *ddb.Capacity, total float64, n int) {
	t.Helper()
	if got := c.Total(); got != total {
		t.Errorf("%s: %v units, want %v (%v)", what, got, total, c)
	}
	if got := c.Responses(); got != n {
		t.Errorf("%s: %d responses, want %d", what, got, n)
	}
}

func TestConsumedCapacityOfItemCalls(t *testing.T) {
	s := newWidgets(t, true)
	ctx := t.Context()
	var c ddb.Capacity

	// A small item: 1 write unit on the table, and 1 more for each index it
	// is written to (by-status here).
	v := &widget{PK: "p", SK: 1, Status: "new", Total: 5}
	if err := ddb.Put(ctx, &s.w, v, []ddb.WriteOption{ddb.ConsumedCapacityByIndex(&c)}); err != nil {
		t.Fatal(err)
	}
	wantUnits(t, "Put", &c, 2, 1)
	tc := c.Table(s.name)
	if tc.Total != 2 || tc.Table.Total != 1 || tc.Indexes["by-status"].Total != 1 || len(tc.Indexes) != 1 {
		t.Errorf("Put by index: %+v, want 1 on the table and 1 on by-status", tc)
	}

	c.Reset()
	if _, err := ddb.Get(ctx, &s.r, widgetKey("p", 1), []ddb.ReadOption{ddb.ConsumedCapacity(&c), ddb.ConsistentRead()}, new(widget)); err != nil {
		t.Fatal(err)
	}
	wantUnits(t, "consistent Get", &c, 1, 1)
	if _, err := ddb.Get(ctx, &s.r, widgetKey("p", 1), []ddb.ReadOption{ddb.ConsumedCapacity(&c)}, new(widget)); err != nil {
		t.Fatal(err)
	}
	wantUnits(t, "Get twice", &c, 1.5, 2)

	c.Reset()
	if _, err := ddb.UpdateVersion(ctx, &s.w, widgetKey("p", 1), 1, []ddb.UpdateOption{W.Count.Add(1), ddb.ConsumedCapacity(&c)}, new(widget)); err != nil {
		t.Fatal(err)
	}
	if c.Total() < 1 || c.Responses() != 1 {
		t.Errorf("Update: %v in %d responses", &c, c.Responses())
	}

	c.Reset()
	if err := ddb.DeleteVersion(ctx, &s.w, widgetKey("p", 1), 2, []ddb.WriteOption{ddb.ConsumedCapacity(&c)}); err != nil {
		t.Fatal(err)
	}
	wantUnits(t, "Delete", &c, 2, 1)

	// Without the option nothing is asked, nothing added.
	c.Reset()
	if err := ddb.Put(ctx, &s.w, &widget{PK: "p", SK: 2}, nil); err != nil {
		t.Fatal(err)
	}
	wantUnits(t, "no option", &c, 0, 0)
}

// pagedCapacity is what the pages of in consume, read with the raw client.
func pagedCapacity(t *testing.T, client *dynamodb.Client, in dynamodb.QueryInput) (float64, int) {
	t.Helper()
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	total, pages := 0.0, 0
	for {
		out, err := client.Query(t.Context(), &in)
		if err != nil {
			t.Fatal(err)
		}
		total += aws.ToFloat64(out.ConsumedCapacity.CapacityUnits)
		pages++
		if len(out.LastEvaluatedKey) == 0 {
			return total, pages
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

func TestConsumedCapacityOfEveryPage(t *testing.T) {
	s := newWidgets(t, false)
	ctx := t.Context()
	for i := range 5 {
		s.put(&widget{PK: "q", SK: i, Count: i})
	}
	// Limit(1) with a filter no item meets: All and Page read one item per
	// request, so the query takes a page per item (and a last empty one).
	want, pages := pagedCapacity(t, s.client, dynamodb.QueryInput{
		TableName: aws.String(s.name), KeyConditionExpression: aws.String("pk = :p"), FilterExpression: aws.String("#c = :c"),
		ExpressionAttributeNames:  map[string]string{"#c": "count"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": ddb.S("q"), ":c": ddb.NInt(99)},
		Limit:                     aws.Int32(1),
	})
	if pages < 5 {
		t.Fatalf("the query takes %d pages, want at least 5", pages)
	}
	var c ddb.Capacity
	opts := []ddb.TableQueryOption{ddb.Limit(1), ddb.Filter(W.Count.Eq(99)), ddb.ConsumedCapacity(&c)}
	for _, err := range ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), opts).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
	}
	wantUnits(t, "All", &c, want, pages)

	c.Reset()
	cursor := ""
	for range pages {
		var err error
		if _, cursor, err = ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), opts).Page(ctx, cursor); err != nil {
			t.Fatal(err)
		}
	}
	if cursor != "" {
		t.Fatalf("a cursor after %d pages", pages)
	}
	wantUnits(t, "Page after Page", &c, want, pages)

	c.Reset()
	if n, err := ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("q"), []ddb.TableQueryOption{ddb.ConsumedCapacity(&c)}).Count(ctx); err != nil || n != 5 {
		t.Fatalf("Count: %d, %v", n, err)
	}
	wantUnits(t, "Count", &c, 0.5, 1)

	// A parallel scan: every segment's pages add to one Capacity from their
	// own goroutines.
	c.Reset()
	n := 0
	for _, err := range ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Parallel(4), ddb.ConsumedCapacity(&c)}).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 5 || c.Responses() < 4 || c.Total() < 0.5 {
		t.Errorf("parallel scan: %d items, %v in %d responses, want 5 items, units in at least 4 responses (one per segment)", n, &c, c.Responses())
	}

	// A query of a global index: its capacity is the index's.
	s.put(&widget{PK: "g", SK: 1, Status: "s", Total: 1})
	c.Reset()
	for _, err := range ddb.QueryIndex[widget](&s.r, widgetByStatus, W.Status.Key("s"), []ddb.QueryOption{ddb.ConsumedCapacityByIndex(&c)}).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := c.Table(s.name).Indexes["by-status"].Total; got != 0.5 {
		t.Errorf("GSI query: %v on by-status, want 0.5 (%v)", got, &c)
	}
}

// halfProcessed is a client whose batch writes send only the first half of
// their requests and report the rest unprocessed, as a throttled table does.
type halfProcessed struct {
	*dynamodb.Client
	calls int
}

func (h *halfProcessed) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	h.calls++
	out := &dynamodb.BatchWriteItemOutput{UnprocessedItems: map[string][]types.WriteRequest{}}
	send := &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{}, ReturnConsumedCapacity: in.ReturnConsumedCapacity}
	for table, reqs := range in.RequestItems {
		half := (len(reqs) + 1) / 2
		send.RequestItems[table] = reqs[:half]
		if half < len(reqs) {
			out.UnprocessedItems[table] = reqs[half:]
		}
	}
	real, err := h.Client.BatchWriteItem(ctx, send, opts...)
	if err != nil {
		return nil, err
	}
	out.ConsumedCapacity = real.ConsumedCapacity
	return out, nil
}

func TestConsumedCapacityOfBatchesAndRetries(t *testing.T) {
	s := newWidgets(t, false)
	ctx := t.Context()
	var c ddb.Capacity
	puts := make([]widget, 30)
	for i := range puts {
		puts[i] = widget{PK: "b", SK: i}
	}
	// 30 items: chunks of 25 and 5, each retried until done (25 sent as
	// 13, 6, 3, 2, 1; 5 as 3, 1, 1): 8 requests, one write unit per item.
	h := &halfProcessed{Client: s.client}
	w := ddb.NewWriter(h, s.name, plainWidgets)
	if err := ddb.WriteBatch(ctx, &w, puts, nil, []ddb.BatchOption{ddb.ConsumedCapacity(&c), ddb.WithBackoff(1, 1)}); err != nil {
		t.Fatal(err)
	}
	wantUnits(t, "WriteBatch", &c, 30, h.calls)
	if h.calls != 8 {
		t.Errorf("%d calls, want 8", h.calls)
	}

	c.Reset()
	keys := make([]map[string]types.AttributeValue, 0, 150)
	for i := range 150 {
		keys = append(keys, widgetKey("b", i)) // 120 of them have no item
	}
	got, err := ddb.GetBatch[widget](ctx, &s.r, keys, []ddb.ReadOption{ddb.ConsumedCapacity(&c), ddb.ConsistentRead()})
	if err != nil || len(got) != 30 {
		t.Fatalf("GetBatch: %d items, %v", len(got), err)
	}
	if c.Responses() != 2 || c.Total() < 30 {
		t.Errorf("GetBatch: %v in %d responses, want at least 30 units in 2 (chunks of 100 and 50 keys)", &c, c.Responses())
	}
}

func TestConsumedCapacityOfTransactions(t *testing.T) {
	s := newWidgets(t, false)
	ctx := t.Context()
	var c, d ddb.Capacity
	// The option on WriteTx and on an action: each Capacity gets the
	// transaction's consumption once. Transactional writes cost 2 units per
	// item.
	s.put(&widget{PK: "t", SK: 3})
	err := ddb.WriteTx(ctx, s.client,
		ddb.TxPut(&s.w, &widget{PK: "t", SK: 1}, []ddb.WriteOption{ddb.ConsumedCapacity(&c)}),
		ddb.TxPut(&s.w, &widget{PK: "t", SK: 2}, []ddb.WriteOption{ddb.ConsumedCapacity(&d)}),
		ddb.TxUpdate(&s.w, widgetKey("t", 3), []ddb.UpdateOption{W.Count.Add(1), ddb.ConsumedCapacity(&c)}),
		ddb.ConsumedCapacity(&c),
	)
	if err != nil {
		t.Fatal(err)
	}
	// DynamoDB Local reports 2 units per table for a transaction, whatever
	// its size, so the test is that each Capacity got one report, once.
	if c.Total() <= 0 || c.Total() != d.Total() || c.Responses() != 1 || d.Responses() != 1 {
		t.Errorf("WriteTx: %v in %d responses and %v in %d, want the transaction's units once in each", &c, c.Responses(), &d, d.Responses())
	}

	c.Reset()
	found, err := ddb.ReadTx(ctx, s.client,
		ddb.TxGet(&s.r, new(widget), widgetKey("t", 1), []ddb.ReadOption{ddb.ConsumedCapacity(&c)}),
		ddb.TxGet(&s.r, new(widget), widgetKey("t", 2), nil),
	)
	if err != nil || !found[0] || !found[1] {
		t.Fatal(found, err)
	}
	wantUnits(t, "ReadTx", &c, 4, 1)
}

func TestCapacityIsSafeForConcurrentUse(t *testing.T) {
	var c ddb.Capacity
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Add(types.ConsumedCapacity{TableName: aws.String("t"), CapacityUnits: aws.Float64(0.5),
					GlobalSecondaryIndexes: map[string]types.Capacity{"g": {CapacityUnits: aws.Float64(0.5)}}})
			}
		})
	}
	wg.Wait()
	if c.Total() != 4000 || c.Table("t").Indexes["g"].Total != 4000 || c.Responses() != 8000 {
		t.Errorf("%v in %d responses", &c, c.Responses())
	}
}
