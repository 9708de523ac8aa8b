package entitytest

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// A query page of 100 orders of one customer (fields, six key attributes,
// the type attribute last) over benchtest's in-memory transport:
//
//	SDKUnmarshalItem  Query through the SDK's deserializer, then UnmarshalItem
//	Direct            the same Query, WithDecoder and the generated DecodeJSONItem
//	UnmarshalOnly     UnmarshalItem over the SDK's maps, already deserialized
//	DirectDecodeOnly  Page.DecodeResponse over the body, no client
//	Floor             one pass of a minimal JSON tokenizer over the body
const entityPage = 100

func entityPageBody(tb testing.TB) []byte {
	var w ddbjson.Writer
	body := []byte(`{"Count":100,"Items":[`)
	for i := range entityPage {
		o := &Order{CustomerID: "c-000123", ID: "o-" + strconv.Itoa(1000+i), PlacedAt: t0.AddDate(0, 0, i), Status: "paid", Total: int64(100 * i), Version: 3}
		w.Reset()
		if err := o.EncodeJSONItem(&w); err != nil {
			tb.Fatal(err)
		}
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, w.Bytes()...)
	}
	return append(body, `],"ScannedCount":100}`...)
}

func entityQuery() *dynamodb.QueryInput {
	return &dynamodb.QueryInput{
		TableName:                 aws.String("shop"),
		KeyConditionExpression:    aws.String("#0 = :0 AND begins_with(#1, :1)"),
		ExpressionAttributeNames:  map[string]string{"#0": "pk", "#1": "sk"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":0": &types.AttributeValueMemberS{Value: "CUSTOMER#c-000123"}, ":1": &types.AttributeValueMemberS{Value: "ORDER#"}},
		Limit:                     aws.Int32(entityPage),
	}
}

func sdkOrders(ctx context.Context, client *dynamodb.Client) ([]Order, error) {
	out, err := client.Query(ctx, entityQuery())
	if err != nil {
		return nil, err
	}
	orders := make([]Order, len(out.Items))
	for i, it := range out.Items {
		if err := orders[i].UnmarshalItem(it); err != nil {
			return nil, err
		}
	}
	return orders, nil
}

func directOrders(ctx context.Context, client *dynamodb.Client) ([]Order, error) {
	items := &ddbjson.Items[Order, *Order]{Items: make([]Order, 0, entityPage)}
	_, err := client.Query(ctx, entityQuery(), ddbjson.WithDecoder(&ddbjson.Page{Items: items}))
	return items.Items, err
}

func TestEntityPageBenchAgrees(t *testing.T) {
	ctx := context.Background()
	client := benchtest.NewClient(benchtest.NewTransport(entityPageBody(t)))
	a, err := sdkOrders(ctx, client)
	if err != nil {
		t.Fatal(err)
	}
	b, err := directOrders(ctx, client)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != entityPage || !reflect.DeepEqual(a, b) {
		t.Fatalf("paths differ: %d and %d orders", len(a), len(b))
	}
}

func BenchmarkEntityPage(b *testing.B) {
	ctx := context.Background()
	body := entityPageBody(b)
	client := benchtest.NewClient(benchtest.NewTransport(body))
	b.Run("path=SDKUnmarshalItem", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sdkOrders(ctx, client); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("path=Direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := directOrders(ctx, client); err != nil {
				b.Fatal(err)
			}
		}
	})
	out, err := client.Query(ctx, entityQuery())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("path=UnmarshalOnly", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			orders := make([]Order, len(out.Items))
			for i, it := range out.Items {
				if err := orders[i].UnmarshalItem(it); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("path=DirectDecodeOnly", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			items := &ddbjson.Items[Order, *Order]{Items: make([]Order, 0, entityPage)}
			if err := (&ddbjson.Page{Items: items}).DecodeResponse(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("path=Floor", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			benchtest.FloorPass(body)
		}
	})
}

// collectionBody is collectionItems as a Query answer, each item's type
// attribute first or last.
func collectionBody(tb testing.TB, typeLast bool) []byte {
	var w ddbjson.Writer
	body := []byte(`{"Count":100,"Items":[`)
	for i, item := range collectionItems(tb) {
		w.Reset()
		w.BeginItem()
		if !typeLast {
			w.Name("_et")
			_ = w.AttributeValue(item["_et"])
		}
		for _, k := range slices.Sorted(maps.Keys(item)) {
			if k != "_et" {
				w.Name(k)
				if err := w.AttributeValue(item[k]); err != nil {
					tb.Fatal(err)
				}
			}
		}
		if typeLast {
			w.Name("_et")
			_ = w.AttributeValue(item["_et"])
		}
		w.EndItem()
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, w.Bytes()...)
	}
	return append(body, `],"ScannedCount":100}`...)
}

// BenchmarkCollectionPageJSON decodes a page of collection Customer (the
// profile, 33 orders, 66 order items; type attribute last, the lookahead's
// worst case): the SDK's deserializer then ddb.Collection.Member and the
// page's add, against ddbjson.Collection, through the client and alone.
func BenchmarkCollectionPageJSON(b *testing.B) {
	ctx := context.Background()
	body := collectionBody(b, true)
	client := benchtest.NewClient(benchtest.NewTransport(body))
	b.Run("path=SDKMember", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := client.Query(ctx, entityQuery())
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := mapCollectionPage(out.Items, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("path=Direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.Query(ctx, entityQuery(), ddbjson.WithDecoder(&ddbjson.Page{Items: shopCustomerJSON(new(ShopCustomerPage), false)})); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, last := range []bool{true, false} {
		body := collectionBody(b, last)
		b.Run(fmt.Sprintf("path=DirectDecodeOnly/typeLast=%t", last), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := (&ddbjson.Page{Items: shopCustomerJSON(new(ShopCustomerPage), false)}).DecodeResponse(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCollectionBenchAgrees(t *testing.T) {
	ctx := context.Background()
	for _, last := range []bool{true, false} {
		client := benchtest.NewClient(benchtest.NewTransport(collectionBody(t, last)))
		out, err := client.Query(ctx, entityQuery())
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := mapCollectionPage(out.Items, false)
		if err != nil {
			t.Fatal(err)
		}
		got := new(ShopCustomerPage)
		c := shopCustomerJSON(got, false)
		if _, err := client.Query(ctx, entityQuery(), ddbjson.WithDecoder(&ddbjson.Page{Items: c})); err != nil {
			t.Fatal(err)
		}
		if len(got.Items) != 100 || c.Skipped != 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("type last %t: paths differ (%d items)", last, len(got.Items))
		}
	}
}
