package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

const bigItems = 150 // × ~10 KB = ~1.5 MB: more than one 1 MB page

// bigTable returns a table holding bigItems items of ~10 KB under pk "big"
// (sk 0..bigItems-1) and 3 small items under pk "small".
func bigTable(t *testing.T) (*dynamodb.Client, string) {
	t.Helper()
	client, table := newTestTable(t, pkSKSchema)
	pad := ddb.S(strings.Repeat("x", 10<<10))
	var reqs []types.WriteRequest
	for i := range bigItems {
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: thing("big", i, "data", pad)}})
	}
	for i := range 3 {
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: thing("small", i)}})
	}
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, reqs); err != nil {
		t.Fatal(err)
	}
	return client, table
}

type countingReader struct {
	*dynamodb.Client
	queries, scans atomic.Int32
}

func (c *countingReader) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	c.queries.Add(1)
	return c.Client.Query(ctx, in, o...)
}

func (c *countingReader) Scan(ctx context.Context, in *dynamodb.ScanInput, o ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	c.scans.Add(1)
	return c.Client.Scan(ctx, in, o...)
}

func bigQuery(table string) *dynamodb.QueryInput {
	var b ddb.Builder
	kc, _ := b.KeyCondition("pk", ddb.S("big"), "", ddb.SortCond{})
	return &dynamodb.QueryInput{
		TableName:                 aws.String(table),
		KeyConditionExpression:    aws.String(kc),
		ExpressionAttributeNames:  b.Names(),
		ExpressionAttributeValues: b.Values(),
	}
}

func skOf(m map[string]types.AttributeValue) (int, error) {
	var n int
	_, err := fmt.Sscan(m["sk"].(*types.AttributeValueMemberN).Value, &n)
	return n, err
}

func TestQueryIteratesAcrossPagesOfMoreThan1MB(t *testing.T) {
	client, table := bigTable(t)
	api := &countingReader{Client: client}
	n := 0
	for sk, err := range ddb.QueryItems(t.Context(), api, bigQuery(table), skOf) {
		if err != nil {
			t.Fatal(err)
		}
		if sk != n {
			t.Fatalf("item %d has sk %d", n, sk)
		}
		n++
	}
	if n != bigItems {
		t.Fatalf("%d items, want %d", n, bigItems)
	}
	if q := api.queries.Load(); q < 2 {
		t.Fatalf("%d Query calls; the data should span more than one page", q)
	}
}

func TestQueryBreakStopsFetching(t *testing.T) {
	client, table := bigTable(t)
	api := &countingReader{Client: client}
	n := 0
	for _, err := range ddb.QueryItems(t.Context(), api, bigQuery(table), skOf) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 5 {
			break
		}
	}
	if q := api.queries.Load(); q != 1 {
		t.Fatalf("%d Query calls after breaking on the first page, want 1", q)
	}
}

func TestQueryLimitCapsTheTotal(t *testing.T) {
	client, table := bigTable(t)
	in := bigQuery(table)
	in.Limit = aws.Int32(7)
	n := 0
	for _, err := range ddb.QueryItems(t.Context(), client, in, skOf) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 7 || *in.Limit != 7 {
		t.Fatalf("%d items (input Limit now %d), want 7 and the input untouched", n, *in.Limit)
	}
}

func TestQueryDecodeErrorEndsIteration(t *testing.T) {
	client, table := bigTable(t)
	boom := errors.New("boom")
	var errs int
	for _, err := range ddb.QueryItems(t.Context(), client, bigQuery(table), func(map[string]types.AttributeValue) (int, error) { return 0, boom }) {
		if !errors.Is(err, boom) {
			t.Fatalf("error %v, want boom", err)
		}
		errs++
	}
	if errs != 1 {
		t.Fatalf("%d errors yielded, want exactly 1", errs)
	}
}

func TestQueryPageWalksWithOpaqueCursors(t *testing.T) {
	client, table := bigTable(t)
	in := bigQuery(table)
	in.Limit = aws.Int32(40)
	cursor, seen, pages := "", 0, 0
	for {
		page, next, err := ddb.QueryItemsPage(t.Context(), client, in, cursor, skOf)
		if err != nil {
			t.Fatal(err)
		}
		for _, sk := range page {
			if sk != seen {
				t.Fatalf("got sk %d, want %d", sk, seen)
			}
			seen++
		}
		pages++
		if next == "" {
			break
		}
		cursor = next
	}
	if seen != bigItems || pages < 4 {
		t.Fatalf("%d items in %d pages, want %d in at least 4", seen, pages, bigItems)
	}
}

func TestQueryPageRejectsForeignAndTamperedCursors(t *testing.T) {
	client, table := bigTable(t)
	in := bigQuery(table)
	in.Limit = aws.Int32(2)
	_, next, err := ddb.QueryItemsPage(t.Context(), client, in, "", skOf)
	if err != nil || next == "" {
		t.Fatalf("first page: cursor %q, %v", next, err)
	}
	// A query cursor does not work for a scan of the same table...
	_, _, err = ddb.ScanItemsPage(t.Context(), client, &dynamodb.ScanInput{TableName: aws.String(table)}, next, skOf)
	if !errors.Is(err, ddb.ErrInvalidCursor) {
		t.Fatalf("scan with a query cursor: %v, want ErrInvalidCursor", err)
	}
	// ...nor for another index...
	other := *in
	other.IndexName = aws.String("by-data")
	_, _, err = ddb.QueryItemsPage(t.Context(), client, &other, next, skOf)
	if !errors.Is(err, ddb.ErrInvalidCursor) {
		t.Fatalf("query of another index: %v, want ErrInvalidCursor", err)
	}
	// ...and an altered one is refused before any request.
	altered := next[:len(next)-2] + "AA"
	if altered == next {
		altered = next[:len(next)-2] + "BB"
	}
	_, _, err = ddb.QueryItemsPage(t.Context(), client, in, altered, skOf)
	if !errors.Is(err, ddb.ErrInvalidCursor) {
		t.Fatalf("altered cursor: %v, want ErrInvalidCursor", err)
	}
}

func TestScanIteratesEverythingAcrossPages(t *testing.T) {
	client, table := bigTable(t)
	api := &countingReader{Client: client}
	n := 0
	for _, err := range ddb.ScanItems(t.Context(), api, &dynamodb.ScanInput{TableName: aws.String(table)}, identity) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != bigItems+3 || api.scans.Load() < 2 {
		t.Fatalf("%d items in %d calls, want %d in more than one", n, api.scans.Load(), bigItems+3)
	}
}

func TestScanPageSegmentsCoverTheTableOnce(t *testing.T) {
	client, table := bigTable(t)
	seen := map[string]int{}
	for seg := range int32(3) {
		in := &dynamodb.ScanInput{TableName: aws.String(table), Segment: aws.Int32(seg), TotalSegments: aws.Int32(3), Limit: aws.Int32(25)}
		cursor := ""
		for {
			page, next, err := ddb.ScanItemsPage(t.Context(), client, in, cursor, identity)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range page {
				seen[idOf(it)]++
			}
			if next == "" {
				break
			}
			// A cursor of one segment is refused by another.
			otherSeg := *in
			otherSeg.Segment = aws.Int32((seg + 1) % 3)
			if _, _, err := ddb.ScanItemsPage(t.Context(), client, &otherSeg, next, identity); !errors.Is(err, ddb.ErrInvalidCursor) {
				t.Fatalf("cursor of segment %d accepted by another: %v", seg, err)
			}
			cursor = next
		}
	}
	if len(seen) != bigItems+3 {
		t.Fatalf("%d distinct items, want %d", len(seen), bigItems+3)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("%s seen %d times", id, n)
		}
	}
}

func TestParallelScanYieldsEveryItemOnce(t *testing.T) {
	client, table := bigTable(t)
	seen := map[string]int{}
	for it, err := range ddb.ParallelScanItems(t.Context(), client, &dynamodb.ScanInput{TableName: aws.String(table)}, 4, identity) {
		if err != nil {
			t.Fatal(err)
		}
		seen[idOf(it)]++
	}
	if len(seen) != bigItems+3 {
		t.Fatalf("%d distinct items, want %d", len(seen), bigItems+3)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("%s seen %d times", id, n)
		}
	}
}

func TestParallelScanBreakAndLimit(t *testing.T) {
	client, table := bigTable(t)
	n := 0
	for _, err := range ddb.ParallelScanItems(t.Context(), client, &dynamodb.ScanInput{TableName: aws.String(table), Limit: aws.Int32(10)}, 3, identity) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 10 {
		t.Fatalf("%d items with Limit 10", n)
	}
	n = 0
	for _, err := range ddb.ParallelScanItems(t.Context(), client, &dynamodb.ScanInput{TableName: aws.String(table)}, 3, identity) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 4 {
			break
		}
	}
	if n != 4 {
		t.Fatalf("loop ran %d times", n)
	}
}

func TestParallelScanReportsCancellation(t *testing.T) {
	client, table := bigTable(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var last error
	n := 0
	for _, err := range ddb.ParallelScanItems(ctx, client, &dynamodb.ScanInput{TableName: aws.String(table)}, 2, identity) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 1 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Fatalf("after cancelling: last error %v, want context.Canceled", last)
	}
}

// reservedSchema keys a table on two reserved words.
var reservedSchema = ddb.TableSchema{
	Name: "reserved",
	PK:   ddb.KeyAttr{Name: "status", Type: types.ScalarAttributeTypeS},
	SK:   ddb.KeyAttr{Name: "date", Type: types.ScalarAttributeTypeS},
}

func TestKeyConditionsOnReservedWordKeys(t *testing.T) {
	client, table := newTestTable(t, reservedSchema)
	var reqs []types.WriteRequest
	for _, d := range []string{"2024-01-01", "2024-01-15", "2024-02-01", "2024-03-01"} {
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{"status": ddb.S("open"), "date": ddb.S(d)}}})
	}
	if err := ddb.BatchWrite(t.Context(), client, table, reservedSchema.KeyAttrs(), reqs); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		cond ddb.SortCond
		want string
	}{
		{ddb.SortCond{}, "2024-01-01 2024-01-15 2024-02-01 2024-03-01"},
		{ddb.SortCond{Op: ddb.SortEq, Lo: ddb.S("2024-02-01")}, "2024-02-01"},
		{ddb.SortCond{Op: ddb.SortLt, Lo: ddb.S("2024-02-01")}, "2024-01-01 2024-01-15"},
		{ddb.SortCond{Op: ddb.SortLe, Lo: ddb.S("2024-02-01")}, "2024-01-01 2024-01-15 2024-02-01"},
		{ddb.SortCond{Op: ddb.SortGt, Lo: ddb.S("2024-02-01")}, "2024-03-01"},
		{ddb.SortCond{Op: ddb.SortGe, Lo: ddb.S("2024-02-01")}, "2024-02-01 2024-03-01"},
		{ddb.SortCond{Op: ddb.SortBetween, Lo: ddb.S("2024-01-10"), Hi: ddb.S("2024-02-01")}, "2024-01-15 2024-02-01"},
		{ddb.SortCond{Op: ddb.SortBeginsWith, Lo: ddb.S("2024-01")}, "2024-01-01 2024-01-15"},
	}
	for _, c := range cases {
		var b ddb.Builder
		kc, err := b.KeyCondition("status", ddb.S("open"), "date", c.cond)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(kc, "status") || strings.Contains(kc, "date") {
			t.Fatalf("expression %q spells an attribute name", kc)
		}
		var got []string
		in := &dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String(kc), ExpressionAttributeNames: b.Names(), ExpressionAttributeValues: b.Values()}
		for it, err := range ddb.QueryItems(t.Context(), client, in, identity) {
			if err != nil {
				t.Fatalf("%s: %v", kc, err)
			}
			got = append(got, it["date"].(*types.AttributeValueMemberS).Value)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("op %d: got %v, want %s", c.cond.Op, got, c.want)
		}
	}
}

// The paging helpers bind cursors to a scope holding the whole query; their
// errors still name only the table and index, in readable form.
func TestInvalidCursorErrorNamesTableAndIndexOnly(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	reqs := make([]types.WriteRequest, 0, 3)
	for i := range 3 {
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: thing("p", i)}})
	}
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, reqs); err != nil {
		t.Fatal(err)
	}
	var b ddb.Builder
	kc, _ := b.KeyCondition("pk", ddb.S("p"), "", ddb.SortCond{})
	in := &dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String(kc),
		ExpressionAttributeNames: b.Names(), ExpressionAttributeValues: b.Values(), Limit: aws.Int32(1)}
	_, next, err := ddb.QueryItemsPage(t.Context(), client, in, "", skOf)
	if err != nil || next == "" {
		t.Fatalf("first page: cursor %q, %v", next, err)
	}
	const reason = "it was issued for another table, index, query or kind of request"
	other := *in
	other.IndexName = aws.String("by-data")
	_, _, err = ddb.QueryItemsPage(t.Context(), client, &other, next, skOf)
	if want := "ddb: invalid cursor for table " + table + " index by-data: " + reason; err == nil || err.Error() != want {
		t.Errorf("query of another index: error %q, want %q", err, want)
	}
	var ce *ddb.CursorError
	if !errors.As(err, &ce) || ce.Table != table || ce.Index != "by-data" {
		t.Errorf("query of another index: CursorError %+v, want table %s index by-data", ce, table)
	}
	_, _, err = ddb.ScanItemsPage(t.Context(), client, &dynamodb.ScanInput{TableName: aws.String(table), Segment: aws.Int32(0), TotalSegments: aws.Int32(2)}, next, skOf)
	if want := "ddb: invalid cursor for table " + table + ": " + reason; err == nil || err.Error() != want {
		t.Errorf("segment scan with a query cursor: error %q, want %q", err, want)
	}
}
