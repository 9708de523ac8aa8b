package ddbjson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// BenchmarkStoreCalls measures what a user of the generated store gets from
// the switch: the same store calls over a plain *dynamodb.Client (Store,
// the map path) and over ddbjson.NewClient (StoreDirect), against
// hand-written SDK code with attributevalue (SDKAttributevalue), all on the
// in-memory transport with canned answers:
//
//	Get         GetItem of one order
//	BatchGet    BatchGetItem of 100 orders (one request)
//	QueryPage   a page of 100 orders of an index query
//	Update      UpdateItem with a version condition, the new item returned
func BenchmarkStoreCalls(b *testing.B) {
	ctx := context.Background()
	items := itemsJSON(benchPage)
	tr := benchtest.NewTransport(benchBody)
	tr.Serve("GetItem", []byte(`{"Item":`+string(items[0])+`}`))
	tr.Serve("UpdateItem", []byte(`{"Attributes":`+string(items[0])+`}`))
	all := make([][]byte, len(items))
	for i, it := range items {
		all[i] = it
	}
	tr.Serve("BatchGetItem", []byte(`{"Responses":{"orders":[`+string(bytes.Join(all, []byte(",")))+`]},"UnprocessedKeys":{}}`))
	client := benchtest.NewClient(tr)
	store := benchtest.NewOrderStore(client, "orders")
	direct := benchtest.NewOrderStore(ddbjson.NewClient(client), "orders")
	first := benchtest.PageOrder(0)
	keys := make([]benchtest.OrderKey, benchPage)
	for i := range keys {
		o := benchtest.PageOrder(i)
		keys[i] = benchtest.OrderKeyOf(&o)
	}
	stores := []struct {
		name string
		s    *benchtest.OrderStore
	}{{"Store", store}, {"StoreDirect", direct}}

	b.Run("Get/SDKAttributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("orders"), Key: orderKey(first)})
			if err != nil {
				b.Fatal(err)
			}
			var o benchtest.Order
			if err := attributevalue.UnmarshalMap(out.Item, &o); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, s := range stores {
		b.Run("Get/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.s.Get(ctx, first.CustomerID, first.OrderDate); err != nil {
					b.Fatal(err)
				}
			}
		})
	}

	b.Run("BatchGet/SDKAttributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ks := make([]map[string]types.AttributeValue, len(keys))
			for i, k := range keys {
				ks[i] = map[string]types.AttributeValue{"customer_id": &types.AttributeValueMemberS{Value: k.CustomerID}, "order_date": &types.AttributeValueMemberS{Value: k.OrderDate}}
			}
			out, err := client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"orders": {Keys: ks}}})
			if err != nil {
				b.Fatal(err)
			}
			var os []benchtest.Order
			if err := attributevalue.UnmarshalListOfMaps(out.Responses["orders"], &os); err != nil || len(os) != benchPage {
				b.Fatal(err)
			}
		}
	})
	for _, s := range stores {
		b.Run("BatchGet/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if os, err := s.s.BatchGet(ctx, keys); err != nil || len(os) != benchPage {
					b.Fatal(err, len(os))
				}
			}
		})
	}

	b.Run("QueryPage/SDKAttributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if os, _, err := benchtest.HandwrittenStatusTotalQuery(ctx, client, "orders", "shipped", 100, benchPage); err != nil || len(os) != benchPage {
				b.Fatal(err)
			}
		}
	})
	for _, s := range stores {
		b.Run("QueryPage/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				os, _, err := s.s.QueryStatusTotalIndex("shipped", benchtest.OrderAttrs.Total.Ge(100), ddb.Limit(benchPage)).Page(ctx, "")
				if err != nil || len(os) != benchPage {
					b.Fatal(err)
				}
			}
		})
	}

	b.Run("Update/SDKAttributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := benchtest.HandwrittenConditionalUpdate(ctx, client, "orders", first.CustomerID, first.OrderDate, 2, "shipped", "paid", 10); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, s := range stores {
		b.Run("Update/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.s.Update(ctx, first.CustomerID, first.OrderDate, 2, benchtest.OrderAttrs.Status.Set("shipped"), ddb.If(benchtest.OrderAttrs.Status.Eq("paid").And(benchtest.OrderAttrs.Total.Ge(10)))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestStoreCallsAgree checks that the benchmark's three ways read the same
// orders, so the comparison is of equal work.
func TestStoreCallsAgree(t *testing.T) {
	ctx := context.Background()
	items := itemsJSON(3)
	tr := benchtest.NewTransport(benchBody)
	tr.Serve("GetItem", []byte(`{"Item":`+string(items[0])+`}`))
	tr.Serve("UpdateItem", []byte(`{"Attributes":`+string(items[0])+`}`))
	client := benchtest.NewClient(tr)
	var want benchtest.Order
	out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("orders"), Key: orderKey(benchtest.PageOrder(0))})
	if err != nil {
		t.Fatal(err)
	}
	if err := attributevalue.UnmarshalMap(out.Item, &want); err != nil {
		t.Fatal(err)
	}
	direct := benchtest.NewOrderStore(ddbjson.NewClient(client), "orders")
	viaMap := benchtest.NewOrderStore(client, "orders")
	for name, s := range map[string]*benchtest.OrderStore{"map": viaMap, "direct": direct} {
		got, err := s.Get(ctx, want.CustomerID, want.OrderDate)
		if err != nil || !reflect.DeepEqual(*got, want) {
			t.Errorf("%s Get = %+v, %v; attributevalue %+v", name, got, err, want)
		}
		got, err = s.Update(ctx, want.CustomerID, want.OrderDate, 2, benchtest.OrderAttrs.Status.Set("shipped"))
		if err != nil || !reflect.DeepEqual(*got, want) {
			t.Errorf("%s Update = %+v, %v; attributevalue %+v", name, got, err, want)
		}
	}
}

// BenchmarkStreamChanges: a Lambda invocation with 100 MODIFY records of
// the orders table's stream, from the event's JSON to fn's changes (both
// images): as a generated handler does it today (encoding/json into
// events.DynamoDBEvent, then HandleOrderChanges), and with
// ddbjson.HandleChanges over the raw JSON.
func BenchmarkStreamChanges(b *testing.B) {
	ctx := context.Background()
	raw := streamEvent(benchPage)
	n := 0
	fn := func(_ context.Context, c ddb.Change[benchtest.Order]) error {
		if c.New != nil {
			n++
		}
		return nil
	}
	b.Run("EventsHandleChanges", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var ev events.DynamoDBEvent
			if err := json.Unmarshal(raw, &ev); err != nil {
				b.Fatal(err)
			}
			if resp := benchtest.HandleOrderChanges(ctx, ev, fn); len(resp.BatchItemFailures) > 0 {
				b.Fatal(resp)
			}
		}
	})
	h := ddbjson.HandleChanges[benchtest.Order](&benchtest.OrderSchema, fn)
	b.Run("RawHandleChanges", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := h.Invoke(ctx, raw)
			if err != nil || string(out) != "{}" && !bytes.Equal(out, []byte(`{"batchItemFailures":null}`)) {
				b.Fatal(err, string(out))
			}
		}
	})
	if n == 0 {
		b.Fatal("no change seen")
	}
}
