package ddbjson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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

// The query page of 100 orders of internal/benchtest, over its in-memory
// transport (canned answer with CRC32, SigV4 signing, standard retryer):
//
//	SDKAttributevalue  hand-written SDK code: expression builder, attributevalue
//	Generated          today's generated store: Page of QueryStatusTotalIndex
//	SDKUnmarshalItem   the literal request below, SDK deserializer + UnmarshalItem
//	Direct             the same request, WithDecoder and the generated DecodeJSONItem
//	DirectDecodeOnly   Page.DecodeResponse over the body, no client
//	Floor              one pass of a minimal JSON tokenizer over the body
const benchPage = 100

var benchBody = benchtest.OrdersPage(benchPage)

// literalQuery is the request the generated store sends, written out.
func literalQuery() *dynamodb.QueryInput {
	return &dynamodb.QueryInput{
		TableName: aws.String("orders"), IndexName: aws.String("status-total-index"),
		KeyConditionExpression:    aws.String("#0 = :0 AND #1 >= :1"),
		ExpressionAttributeNames:  map[string]string{"#0": "status", "#1": "total"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":0": &types.AttributeValueMemberS{Value: "shipped"}, ":1": &types.AttributeValueMemberN{Value: "100"}},
		Limit:                     aws.Int32(benchPage),
	}
}

func TestBenchPathsAgree(t *testing.T) {
	ctx := context.Background()
	client := benchtest.NewClient(benchtest.NewTransport(benchBody))
	page, items := newPage()
	if _, err := client.Query(ctx, literalQuery(), ddbjson.WithDecoder(page)); err != nil {
		t.Fatal(err)
	}
	wantOrders(t, items.Items, benchPage)
	gen := &ddbjson.Items[benchtest.Order, *benchtest.Order]{}
	if _, err := client.Query(ctx, literalQuery(), ddbjson.WithDecoder(&ddbjson.Page{Items: gen})); err != nil {
		t.Fatal(err)
	}
	for i := range gen.Items {
		if !reflect.DeepEqual(gen.Items[i], benchtest.Order(items.Items[i])) {
			t.Fatalf("item %d: generated decoder %+v, hand-written %+v", i, gen.Items[i], items.Items[i])
		}
	}
	out, err := client.Query(ctx, literalQuery())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(page.LastEvaluatedKey, out.LastEvaluatedKey) {
		t.Fatal("last keys differ")
	}
	if n := benchtest.FloorPass(benchBody); n < 100*20 {
		t.Fatalf("floor pass saw %d tokens", n)
	}
}

func BenchmarkQueryPage(b *testing.B) {
	ctx := context.Background()
	client := benchtest.NewClient(benchtest.NewTransport(benchBody))
	b.Run("SDKAttributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := benchtest.HandwrittenStatusTotalQuery(ctx, client, "orders", "shipped", 100, benchPage); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Generated", func(b *testing.B) {
		store := benchtest.NewOrderReadOnlyStore(client, "orders")
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := store.QueryStatusTotalIndex("shipped", benchtest.OrderAttrs.Total.Ge(100), ddb.Limit(benchPage)).Page(ctx, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SDKUnmarshalItem", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := client.Query(ctx, literalQuery())
			if err != nil {
				b.Fatal(err)
			}
			orders := make([]benchtest.Order, len(out.Items))
			for i, it := range out.Items {
				if err := orders[i].UnmarshalItem(it); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("Direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			items := &ddbjson.Items[benchtest.Order, *benchtest.Order]{Items: make([]benchtest.Order, 0, benchPage)}
			page := &ddbjson.Page{Items: items}
			if _, err := client.Query(ctx, literalQuery(), ddbjson.WithDecoder(page)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("DirectDecodeOnly", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			items := &ddbjson.Items[benchtest.Order, *benchtest.Order]{Items: make([]benchtest.Order, 0, benchPage)}
			page := &ddbjson.Page{Items: items}
			if err := page.DecodeResponse(benchBody); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Floor", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(benchBody)))
		for b.Loop() {
			benchtest.FloorPass(benchBody)
		}
	})
}

// streamEvent is a Lambda stream event of n MODIFY records of orders, in
// its raw JSON, with both images.
func streamEvent(n int) []byte {
	var page struct{ Items []json.RawMessage }
	if err := json.Unmarshal(benchtest.OrdersPage(n), &page); err != nil {
		panic(err)
	}
	var b bytes.Buffer
	b.WriteString(`{"Records":[`)
	for i, it := range page.Items {
		if i > 0 {
			b.WriteByte(',')
		}
		o := benchtest.PageOrder(i)
		fmt.Fprintf(&b, `{"eventID":"%032d","eventName":"MODIFY","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"eu-west-1",`+
			`"dynamodb":{"ApproximateCreationDateTime":1795600000,"Keys":{"customer_id":{"S":%q},"order_date":{"S":%q}},"NewImage":%s,"OldImage":%s,`+
			`"SequenceNumber":"%021d","SizeBytes":230,"StreamViewType":"NEW_AND_OLD_IMAGES"},`+
			`"eventSourceARN":"arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"}`,
			i, o.CustomerID, o.OrderDate, it, it, 1000+i)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

func TestStreamBenchPathsAgree(t *testing.T) {
	raw := streamEvent(benchPage)
	var ev events.DynamoDBEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	recs, err := ddbjson.DecodeStreamEvent(raw)
	if err != nil || len(recs) != benchPage || len(ev.Records) != benchPage {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	for i := range recs {
		c, err := benchtest.DecodeOrderChange(ev.Records[i])
		if err != nil {
			t.Fatal(err)
		}
		var o order
		if err := recs[i].NewImage.Decode(&o); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(benchtest.Order(o), *c.New) || !reflect.DeepEqual(*c.New, benchtest.PageOrder(i)) {
			t.Fatalf("record %d: %+v, events path %+v", i, o, *c.New)
		}
	}
}

// BenchmarkStreamBatch: 100 MODIFY records, from Lambda's JSON to models
// (both images): through events.DynamoDBEvent and the generated
// DecodeOrderChange, as today, and raw.
func BenchmarkStreamBatch(b *testing.B) {
	raw := streamEvent(benchPage)
	b.Run("EventsDecodeChange", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var ev events.DynamoDBEvent
			if err := json.Unmarshal(raw, &ev); err != nil {
				b.Fatal(err)
			}
			for i := range ev.Records {
				if _, err := benchtest.DecodeOrderChange(ev.Records[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("Raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			recs, err := ddbjson.DecodeStreamEvent(bytes.Clone(raw))
			if err != nil {
				b.Fatal(err)
			}
			for i := range recs {
				var o, n benchtest.Order
				if err := recs[i].OldImage.Decode(&o); err != nil {
					b.Fatal(err)
				}
				if err := recs[i].NewImage.Decode(&n); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("Floor", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			benchtest.FloorPass(raw)
		}
	})
}

// itemsJSON returns the JSON of the n items of benchtest.OrdersPage.
func itemsJSON(n int) []json.RawMessage {
	var page struct{ Items []json.RawMessage }
	if err := json.Unmarshal(benchtest.OrdersPage(n), &page); err != nil {
		panic(err)
	}
	return page.Items
}

func orderKey(o benchtest.Order) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"customer_id": &types.AttributeValueMemberS{Value: o.CustomerID}, "order_date": &types.AttributeValueMemberS{Value: o.OrderDate}}
}

// BenchmarkItemCalls: GetItem of one order, PutItem of one order with a
// version condition, BatchGetItem of 100 orders; SDK with attributevalue
// against the direct path (the generated DecodeJSONItem and EncodeJSONItem).
func BenchmarkItemCalls(b *testing.B) {
	ctx := context.Background()
	items := itemsJSON(benchPage)
	tr := benchtest.NewTransport(nil)
	tr.Serve("GetItem", []byte(`{"Item":`+string(items[0])+`}`))
	tr.Serve("PutItem", []byte(`{}`))
	tr.Serve("BatchGetItem", []byte(`{"Responses":{"orders":[`+string(bytes.Join(func() [][]byte {
		out := make([][]byte, len(items))
		for i, it := range items {
			out[i] = it
		}
		return out
	}(), []byte(",")))+`]},"UnprocessedKeys":{}}`))
	client := benchtest.NewClient(tr)
	first := benchtest.PageOrder(0)
	getIn := func() *dynamodb.GetItemInput {
		return &dynamodb.GetItemInput{TableName: aws.String("orders"), Key: orderKey(first)}
	}
	putIn := func(item map[string]types.AttributeValue) *dynamodb.PutItemInput {
		return &dynamodb.PutItemInput{TableName: aws.String("orders"), Item: item, ConditionExpression: aws.String("#v = :v"),
			ExpressionAttributeNames:  map[string]string{"#v": "version"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": &types.AttributeValueMemberN{Value: "1"}}}
	}
	batchIn := func() *dynamodb.BatchGetItemInput {
		keys := make([]map[string]types.AttributeValue, benchPage)
		for i := range keys {
			keys[i] = orderKey(benchtest.PageOrder(i))
		}
		return &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"orders": {Keys: keys}}}
	}
	b.Run("GetItem/SDKAttributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := client.GetItem(ctx, getIn())
			if err != nil {
				b.Fatal(err)
			}
			var o benchtest.Order
			if err := attributevalue.UnmarshalMap(out.Item, &o); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GetItem/Direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			one := &ddbjson.One[benchtest.Order, *benchtest.Order]{}
			if _, err := client.GetItem(ctx, getIn(), ddbjson.WithDecoder(&ddbjson.ItemResult{Item: one})); err != nil || !one.Found {
				b.Fatal(err)
			}
		}
	})
	b.Run("PutItem/SDKAttributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			item, err := attributevalue.MarshalMap(&first)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := client.PutItem(ctx, putIn(item)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("PutItem/Direct", func(b *testing.B) {
		o := first
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.PutItem(ctx, putIn(ddbjson.Placeholder()), ddbjson.WithItems(&o)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("BatchGetItem/SDKAttributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := client.BatchGetItem(ctx, batchIn())
			if err != nil {
				b.Fatal(err)
			}
			var os []benchtest.Order
			if err := attributevalue.UnmarshalListOfMaps(out.Responses["orders"], &os); err != nil || len(os) != benchPage {
				b.Fatal(err)
			}
		}
	})
	b.Run("BatchGetItem/Direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			items := &ddbjson.Items[benchtest.Order, *benchtest.Order]{}
			res := &ddbjson.BatchGetResult{Tables: map[string]ddbjson.ItemSink{"orders": items}}
			if _, err := client.BatchGetItem(ctx, batchIn(), ddbjson.WithDecoder(res)); err != nil || len(items.Items) != benchPage {
				b.Fatal(err)
			}
		}
	})
}
