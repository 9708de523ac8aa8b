package benchtest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

const pageSize = 100

// The compared paths must do the same work: the same request, the same 100
// decoded orders. Otherwise the benchmark compares nothing useful.
func TestQueryPathsAgree(t *testing.T) {
	ctx := context.Background()
	tr := NewTransport(OrdersPage(pageSize))
	tr.KeepRequests = true
	client := NewClient(tr)

	hand, last, err := HandwrittenStatusTotalQuery(ctx, client, "orders", "shipped", 100, pageSize)
	if err != nil {
		t.Fatal(err)
	}
	handReq := decodeRequest(t, tr.LastRequest)

	store := NewOrderReadOnlyStore(client, "orders")
	gen, next, err := store.QueryStatusTotalIndex("shipped", OrderAttrs.Total.Ge(100), ddb.Limit(pageSize)).Page(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	genReq := decodeRequest(t, tr.LastRequest)

	var all []Order
	for o, err := range store.QueryStatusTotalIndex("shipped", OrderAttrs.Total.Ge(100), ddb.Limit(pageSize)).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, o)
	}

	if len(hand) != pageSize || len(last) != 4 || next == "" {
		t.Fatalf("handwritten: %d items, last key %v; generated cursor %q", len(hand), last, next)
	}
	if len(gen) != pageSize || len(all) != pageSize {
		t.Fatalf("generated Page %d items, All %d items, want %d", len(gen), len(all), pageSize)
	}
	for i := range hand {
		if want := PageOrder(i); !reflect.DeepEqual(hand[i], want) || !reflect.DeepEqual(gen[i], want) || !reflect.DeepEqual(all[i], want) {
			t.Fatalf("item %d:\nhandwritten %+v\ngenerated   %+v\nall         %+v\nwant        %+v", i, hand[i], gen[i], all[i], want)
		}
	}
	// Placeholder names may differ between the builders, so compare the
	// requests with expression names and values substituted.
	if h, g := handReq.resolved(), genReq.resolved(); !reflect.DeepEqual(h, g) || h["condition"] != `status = {"S":"shipped"} AND total >= {"N":"100"}` {
		t.Fatalf("requests differ:\nhandwritten %+v\ngenerated   %+v", h, g)
	}
	if got := tr.Requests.Load(); got != 3 {
		t.Fatalf("transport served %d queries, want 3", got)
	}
}

type queryRequest struct {
	TableName                 string
	IndexName                 string
	KeyConditionExpression    string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]map[string]any
	Limit                     int
}

func decodeRequest(t *testing.T, body []byte) queryRequest {
	t.Helper()
	var r queryRequest
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("request %s: %v", body, err)
	}
	return r
}

// resolved is the request with expression names and values written in place.
func (r queryRequest) resolved() map[string]any {
	expr := r.KeyConditionExpression
	for k, v := range r.ExpressionAttributeNames {
		expr = replaceToken(expr, k, v)
	}
	for k, v := range r.ExpressionAttributeValues {
		b, _ := json.Marshal(v)
		expr = replaceToken(expr, k, string(b))
	}
	return map[string]any{"table": r.TableName, "index": r.IndexName, "limit": r.Limit, "condition": normalizeSpaces(expr)}
}

func BenchmarkQuery(b *testing.B) {
	ctx := context.Background()
	tr := NewTransport(OrdersPage(pageSize))
	client := NewClient(tr)
	store := NewOrderReadOnlyStore(client, "orders")

	b.Run("impl=handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			orders, _, err := HandwrittenStatusTotalQuery(ctx, client, "orders", "shipped", 100, pageSize)
			if err != nil || len(orders) != pageSize {
				b.Fatal(err, len(orders))
			}
		}
	})
	b.Run("impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			orders, _, err := store.QueryStatusTotalIndex("shipped", OrderAttrs.Total.Ge(100), ddb.Limit(pageSize)).Page(ctx, "")
			if err != nil || len(orders) != pageSize {
				b.Fatal(err, len(orders))
			}
		}
	})
	b.Run("impl=stelviogen-all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, err := range store.QueryStatusTotalIndex("shipped", OrderAttrs.Total.Ge(100), ddb.Limit(pageSize)).All(ctx) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != pageSize {
				b.Fatal(n)
			}
		}
	})
	// The part both paths share: the SDK sending a prebuilt request and
	// deserializing the response into attribute values, nothing decoded.
	in := &dynamodb.QueryInput{
		TableName:                 aws.String("orders"),
		IndexName:                 aws.String("status-total-index"),
		KeyConditionExpression:    aws.String("#n0 = :v0 AND #n1 >= :v1"),
		ExpressionAttributeNames:  map[string]string{"#n0": "status", "#n1": "total"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":v0": &types.AttributeValueMemberS{Value: "shipped"}, ":v1": &types.AttributeValueMemberN{Value: "100"}},
		Limit:                     aws.Int32(pageSize),
	}
	b.Run("impl=sdk-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := client.Query(ctx, in)
			if err != nil || len(out.Items) != pageSize {
				b.Fatal(err)
			}
		}
	})
}
