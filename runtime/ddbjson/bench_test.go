package ddbjson_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
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
//	Direct             the same request, WithDecoder and the hand-written decoder
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
	out, err := client.Query(ctx, literalQuery())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(page.LastEvaluatedKey, out.LastEvaluatedKey) {
		t.Fatal("last keys differ")
	}
	if n := floorPass(benchBody); n < 100*20 {
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
			items := &ddbjson.Items[order, *order]{Items: make([]order, 0, benchPage)}
			page := &ddbjson.Page{Items: items}
			if _, err := client.Query(ctx, literalQuery(), ddbjson.WithDecoder(page)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("DirectDecodeOnly", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			items := &ddbjson.Items[order, *order]{Items: make([]order, 0, benchPage)}
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
			floorPass(benchBody)
		}
	})
}

// floorPass is the floor: one pass of a minimal JSON tokenizer over b,
// counting tokens (strings with their escapes skipped, numbers, literals,
// punctuation), building nothing.
func floorPass(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			n++
		case '{', '}', '[', ']', ',', ':':
			n++
		case ' ', '\n', '\t', '\r':
		default:
			for i+1 < len(b) && b[i+1] != ',' && b[i+1] != '}' && b[i+1] != ']' {
				i++
			}
			n++
		}
	}
	return n
}
