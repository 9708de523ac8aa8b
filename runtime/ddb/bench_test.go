package ddb_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func BenchmarkEncodeCursor(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ddb.EncodeCursor("orders", "status-index", cursorKey); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCursor(b *testing.B) {
	c, _ := ddb.EncodeCursor("orders", "status-index", cursorKey)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ddb.DecodeCursor("orders", "status-index", c); err != nil {
			b.Fatal(err)
		}
	}
}

// inputSink is an API that answers every query and scan with no items and
// keeps the last request, so benchmarks measure building requests only.
type inputSink struct {
	ddb.API
	query *dynamodb.QueryInput
	scan  *dynamodb.ScanInput
}

func (s *inputSink) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	s.query = in
	return &dynamodb.QueryOutput{}, nil
}

func (s *inputSink) Scan(_ context.Context, in *dynamodb.ScanInput, _ ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	s.scan = in
	return &dynamodb.ScanOutput{}, nil
}

// BenchmarkUpdateInput builds the actions and the UpdateItem request of a
// typical update: a set, an add, a remove, a set element and a condition.
func BenchmarkUpdateInput(b *testing.B) {
	w := ddb.NewWriter(&inputSink{}, "widgets", plainWidgets)
	key := widgetKey("p", 1)
	b.ReportAllocs()
	for b.Loop() {
		opts := []ddb.UpdateOption{W.Status.Set("shipped"), W.Count.Add(3), W.Note.Remove(),
			W.Tags.Add("x"), ddb.If(W.Status.Eq("open"))}
		if _, err := ddb.UpdateInput(&w, key, nil, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanFilter builds a scan whose filter combines several
// conditions, nested paths included, and renders it into the request.
func BenchmarkScanFilter(b *testing.B) {
	sink := &inputSink{}
	r := ddb.NewReader(sink, "widgets", plainWidgets)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		f := ddb.Filter(ddb.And(W.Status.In("open", "held"), W.Total.Between(10, 100),
			ddb.Not(W.Tags.Contains("x")), W.Addr.City.BeginsWith("O")))
		if _, _, err := ddb.QueryIndex[widget](&r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{f, ddb.Limit(20)}).Page(ctx, ""); err != nil {
			b.Fatal(err)
		}
	}
	if sink.scan == nil || sink.scan.FilterExpression == nil {
		b.Fatal("no filter sent")
	}
}

// BenchmarkQueryInput builds a query of a global index with a sort key
// condition, a limit and a descending order.
func BenchmarkQueryInput(b *testing.B) {
	sink := &inputSink{}
	r := ddb.NewReader(sink, "widgets", plainWidgets)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		q := ddb.QueryIndex[widget](&r, widgetByStatus, W.Status.Key("open"), []ddb.QueryOption{W.Total.Between(1, 50), ddb.Limit(20), ddb.Descending()})
		if _, _, err := q.Page(ctx, ""); err != nil {
			b.Fatal(err)
		}
	}
	if sink.query == nil || sink.query.KeyConditionExpression == nil {
		b.Fatal("no query sent")
	}
}
