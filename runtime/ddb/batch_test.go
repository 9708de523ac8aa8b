package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func puts(n int, pk string) []types.WriteRequest {
	reqs := make([]types.WriteRequest, n)
	for i := range reqs {
		reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: thing(pk, i, "data", ddb.S(fmt.Sprint("v", i)))}}
	}
	return reqs
}

// noSleep records the backoff waits instead of sleeping.
type noSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *noSleep) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func TestBatchWriteMoreThan25Items(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	calls := &countingWriter{api: client}
	if err := ddb.BatchWrite(t.Context(), calls, table, []string{"pk", "sk"}, puts(60, "p")); err != nil {
		t.Fatal(err)
	}
	if got := len(scanAll(t, client, table)); got != 60 {
		t.Fatalf("table holds %d items, want 60", got)
	}
	if want := []int{25, 25, 10}; !reflect.DeepEqual(calls.sizes, want) {
		t.Fatalf("request sizes %v, want %v", calls.sizes, want)
	}
}

type countingWriter struct {
	api   ddb.BatchWriteAPI
	sizes []int
}

func (c *countingWriter) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	for _, r := range in.RequestItems {
		c.sizes = append(c.sizes, len(r))
	}
	return c.api.BatchWriteItem(ctx, in, o...)
}

// partialWriter forwards only the first `accept` requests of each call to the
// real server and hands the others back as UnprocessedItems, as DynamoDB does
// when throttled. With onCall it can act between calls (e.g. cancel a context).
type partialWriter struct {
	api    ddb.BatchWriteAPI
	accept int
	calls  int
	onCall func(call int)
}

func (p *partialWriter) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	p.calls++
	if p.onCall != nil {
		p.onCall(p.calls)
	}
	var table string
	var reqs []types.WriteRequest
	for tb, r := range in.RequestItems {
		table, reqs = tb, r
	}
	n := min(p.accept, len(reqs))
	if n > 0 {
		if _, err := p.api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs[:n]}}, o...); err != nil {
			return nil, err
		}
	}
	out := &dynamodb.BatchWriteItemOutput{}
	if n < len(reqs) {
		out.UnprocessedItems = map[string][]types.WriteRequest{table: reqs[n:]}
	}
	return out, nil
}

func TestBatchWriteRetriesUnprocessedItemsWithBackoff(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	api := &partialWriter{api: client, accept: 7}
	var s noSleep
	err := ddb.BatchWrite(t.Context(), api, table, []string{"pk", "sk"}, puts(30, "p"),
		ddb.WithSleep(s.sleep), ddb.WithBackoff(10*time.Millisecond, 40*time.Millisecond),
		ddb.WithRand(func(n int64) int64 { return n - 1 })) // always the ceiling
	if err != nil {
		t.Fatal(err)
	}
	if got := len(scanAll(t, client, table)); got != 30 {
		t.Fatalf("table holds %d items, want 30", got)
	}
	// Chunk 1 (25): 7+7+7+4 -> 4 calls, 3 retries; chunk 2 (5): 1 call.
	if api.calls != 5 {
		t.Fatalf("%d calls, want 5", api.calls)
	}
	want := []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}
	if !reflect.DeepEqual(s.waits, want) {
		t.Fatalf("waits %v, want %v (exponential, capped)", s.waits, want)
	}
}

func TestBatchWriteBackoffIsCappedAndJittered(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	api := &partialWriter{api: client, accept: 1}
	var s noSleep
	var ceilings []int64
	err := ddb.BatchWrite(t.Context(), api, table, []string{"pk", "sk"}, puts(8, "p"),
		ddb.WithSleep(s.sleep), ddb.WithBackoff(time.Millisecond, 5*time.Millisecond),
		ddb.WithRand(func(n int64) int64 { ceilings = append(ceilings, n); return n / 2 }))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range ceilings {
		want := min(time.Millisecond<<i, 5*time.Millisecond)
		if time.Duration(c-1) != want {
			t.Fatalf("retry %d: jitter range [0,%v], want [0,%v]", i, time.Duration(c-1), want)
		}
		if s.waits[i] != time.Duration(c/2) {
			t.Fatalf("retry %d waited %v, want the random draw %v", i, s.waits[i], time.Duration(c/2))
		}
	}
	if len(ceilings) != 7 {
		t.Fatalf("%d retries, want 7", len(ceilings))
	}
}

func TestBatchWriteCancelledMidwayReportsExactlyTheUnwrittenRequests(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// Each call writes 10 requests; the context ends during the third call,
	// after which nothing more may be sent.
	api := &partialWriter{api: client, accept: 10, onCall: func(call int) {
		if call == 3 {
			cancel()
		}
	}}
	reqs := puts(60, "p")
	var s noSleep
	err := ddb.BatchWrite(ctx, api, table, []string{"pk", "sk"}, reqs, ddb.WithSleep(s.sleep))
	var bw *ddb.BatchWriteError
	if !errors.As(err, &bw) {
		t.Fatalf("error %v, want *BatchWriteError", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v does not wrap context.Canceled", err)
	}
	stored := scanAll(t, client, table)
	var want []int
	for i, r := range reqs {
		if _, ok := stored[idOf(r.PutRequest.Item)]; !ok {
			want = append(want, i)
		}
	}
	if !reflect.DeepEqual(bw.Unwritten, want) {
		t.Fatalf("Unwritten = %v\nbut missing from the table: %v", bw.Unwritten, want)
	}
	if len(stored) == 0 || len(want) == 0 {
		t.Fatalf("test setup: %d written, %d unwritten; want both non-zero", len(stored), len(want))
	}
}

func TestBatchWriteGivesUpAfterMaxAttempts(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	api := &partialWriter{api: client, accept: 0}
	var s noSleep
	err := ddb.BatchWrite(t.Context(), api, table, []string{"pk", "sk"}, puts(3, "p"), ddb.WithSleep(s.sleep), ddb.WithMaxAttempts(4))
	var bw *ddb.BatchWriteError
	if !errors.As(err, &bw) || !reflect.DeepEqual(bw.Unwritten, []int{0, 1, 2}) {
		t.Fatalf("error %v, want all 3 unwritten", err)
	}
	if api.calls != 4 {
		t.Fatalf("%d calls, want 4", api.calls)
	}
	if !strings.Contains(err.Error(), "3 request(s) not written [0 1 2]") {
		t.Fatalf("message %q does not say what was not written", err)
	}
}

func TestBatchWriteDuplicateKeysApplyInOrder(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	reqs := []types.WriteRequest{
		{PutRequest: &types.PutRequest{Item: thing("p", 1, "data", ddb.S("first"))}},
		{PutRequest: &types.PutRequest{Item: thing("p", 2, "data", ddb.S("keep"))}},
		{PutRequest: &types.PutRequest{Item: thing("p", 1, "data", ddb.S("second"))}},
		{DeleteRequest: &types.DeleteRequest{Key: thingKey("p", 2)}},
		{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{"pk": ddb.S("p"), "sk": &types.AttributeValueMemberN{Value: "1.0"}, "data": ddb.S("third")}}},
	}
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, reqs); err != nil {
		t.Fatal(err)
	}
	stored := scanAll(t, client, table)
	if len(stored) != 1 {
		t.Fatalf("table holds %v, want only p/1", stored)
	}
	if got := stored["p/1"]["data"].(*types.AttributeValueMemberS).Value; got != "third" {
		t.Fatalf("p/1 data = %q, want the last write %q", got, "third")
	}
}

func TestBatchWriteRejectsRequestWithoutKeyBeforeWriting(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	reqs := puts(3, "p")
	delete(reqs[2].PutRequest.Item, "sk")
	err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, reqs)
	if err == nil || !strings.Contains(err.Error(), `request 2: key attribute "sk" is missing`) {
		t.Fatalf("error %v, want it to name request 2 and sk", err)
	}
	if n := len(scanAll(t, client, table)); n != 0 {
		t.Fatalf("%d items written, want none", n)
	}
}

func TestBatchGetMoreThan100KeysInKeyOrder(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, puts(250, "p")); err != nil {
		t.Fatal(err)
	}
	var keys []map[string]types.AttributeValue
	for i := 249; i >= 0; i -= 2 { // descending, every other one
		keys = append(keys, thingKey("p", i))
	}
	keys = append(keys, thingKey("missing", 1), thingKey("p", 249)) // absent, duplicate
	items, err := ddb.BatchGet(t.Context(), client, table, []string{"pk", "sk"}, keys, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 125 {
		t.Fatalf("%d items, want 125", len(items))
	}
	for i, it := range items {
		if want := fmt.Sprintf("p/%d", 249-2*i); idOf(it) != want {
			t.Fatalf("item %d is %s, want %s (key order)", i, idOf(it), want)
		}
	}
}

// partialGetter answers only the first `accept` keys of each call and hands
// the others back as UnprocessedKeys.
type partialGetter struct {
	api    ddb.BatchGetAPI
	accept int
	calls  int
	onCall func(int)
}

func (p *partialGetter) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	p.calls++
	if p.onCall != nil {
		p.onCall(p.calls)
	}
	var table string
	var ka types.KeysAndAttributes
	for tb, k := range in.RequestItems {
		table, ka = tb, k
	}
	if len(ka.Keys) > 100 {
		return nil, fmt.Errorf("test: %d keys in one request", len(ka.Keys))
	}
	n := min(p.accept, len(ka.Keys))
	out := &dynamodb.BatchGetItemOutput{Responses: map[string][]map[string]types.AttributeValue{}}
	if n > 0 {
		sub := ka
		sub.Keys = ka.Keys[:n]
		res, err := p.api.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{table: sub}}, o...)
		if err != nil {
			return nil, err
		}
		out.Responses = res.Responses
	}
	if n < len(ka.Keys) {
		rest := ka
		rest.Keys = ka.Keys[n:]
		out.UnprocessedKeys = map[string]types.KeysAndAttributes{table: rest}
	}
	return out, nil
}

func TestBatchGetRetriesUnprocessedKeys(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, puts(130, "p")); err != nil {
		t.Fatal(err)
	}
	var keys []map[string]types.AttributeValue
	for i := range 130 {
		keys = append(keys, thingKey("p", i))
	}
	api := &partialGetter{api: client, accept: 40}
	var s noSleep
	items, err := ddb.BatchGet(t.Context(), api, table, []string{"pk", "sk"}, keys, false, []ddb.AttrPath{ddb.Attr("data")}, ddb.WithSleep(s.sleep))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 130 {
		t.Fatalf("%d items, want 130", len(items))
	}
	// 100 keys: 40+40+20 (3 calls); 30 keys: 1 call.
	if api.calls != 4 || len(s.waits) != 2 {
		t.Fatalf("%d calls and %d waits, want 4 and 2", api.calls, len(s.waits))
	}
	// The projection returns data and the keys, nothing else.
	if len(items[0]) != 3 || items[0]["data"] == nil {
		t.Fatalf("projected item %v, want pk, sk and data", items[0])
	}
}

func TestBatchGetCancelledReportsExactlyTheUnreadKeys(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, puts(150, "p")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	api := &partialGetter{api: client, accept: 30, onCall: func(c int) {
		if c == 2 {
			cancel()
		}
	}}
	var keys []map[string]types.AttributeValue
	for i := range 150 {
		keys = append(keys, thingKey("p", i))
	}
	keys = append(keys, thingKey("p", 0)) // a duplicate of a key read in the first call
	var s noSleep
	items, err := ddb.BatchGet(ctx, api, table, []string{"pk", "sk"}, keys, false, nil, ddb.WithSleep(s.sleep))
	var bg *ddb.BatchGetError
	if !errors.As(err, &bg) || !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want *BatchGetError wrapping context.Canceled", err)
	}
	read := map[string]bool{}
	for _, it := range items {
		read[idOf(it)] = true
	}
	var want []int
	for i, k := range keys {
		if !read[idOf(k)] {
			want = append(want, i)
		}
	}
	if !reflect.DeepEqual(bg.Unread, want) {
		t.Fatalf("Unread = %v, want %v", bg.Unread, want)
	}
	// The first call read 30 keys; the second was cancelled in flight.
	if len(items) != 30 {
		t.Fatalf("%d items read before cancellation, want 30", len(items))
	}
}

func TestBatchGetProjectsReservedWordAttributes(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	reqs := []types.WriteRequest{{PutRequest: &types.PutRequest{Item: thing("p", 1,
		"status", ddb.S("open"), "name", ddb.S("n"), "date", ddb.S("d"), "total", ddb.NInt(3), "count", ddb.NInt(4), "data", ddb.S("x"), "other", ddb.S("o"))}}}
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, reqs); err != nil {
		t.Fatal(err)
	}
	items, err := ddb.BatchGet(t.Context(), client, table, []string{"pk", "sk"}, []map[string]types.AttributeValue{thingKey("p", 1)}, true,
		[]ddb.AttrPath{ddb.Attr("status"), ddb.Attr("name"), ddb.Attr("date"), ddb.Attr("total"), ddb.Attr("count"), ddb.Attr("data")})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || len(items[0]) != 8 || items[0]["other"] != nil {
		t.Fatalf("items %v, want one item with the keys and six projected attributes", items)
	}
}

func numKey(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": ddb.S(pk), "sk": &types.AttributeValueMemberN{Value: sk}}
}

func numPut(pk, sk, data string) types.WriteRequest {
	item := numKey(pk, sk)
	item["data"] = ddb.S(data)
	return types.WriteRequest{PutRequest: &types.PutRequest{Item: item}}
}

// Keys are equal as DynamoDB compares them: numbers by value, strings as the
// SDK sends them (invalid UTF-8 as U+FFFD). Requests for one key go to
// different calls, in order, as DynamoDB refuses duplicates in one request.
func TestBatchWriteKeysAreEqualAsDynamoDBComparesThem(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	reqs := []types.WriteRequest{
		numPut("p", "0", "zero"),
		numPut("p", "-0", "minus zero"), // the same key as 0
		numPut("p", "1.50", "1.50"),
		numPut("p", "1.5", "1.5"), // the same key as 1.50
		numPut("p", "1e2", "1e2"),
		numPut("p", "100", "100"),        // the same key as 1e2
		numPut("a\xff", "1", "a\\xff"),   // sent as "a\uFFFD"
		numPut("a\xfe", "1", "a\\xfe"),   // sent as "a\uFFFD" too
		numPut("a\uFFFD", "1", "a fffd"), // what both become
	}
	calls := &countingWriter{api: client}
	if err := ddb.BatchWrite(t.Context(), calls, table, []string{"pk", "sk"}, reqs); err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 2, 2, 2, 1, 1}; !reflect.DeepEqual(calls.sizes, want) {
		t.Fatalf("request sizes %v, want %v (a key's second request starts a new call)", calls.sizes, want)
	}
	stored := scanAll(t, client, table)
	want := map[string]string{"p/0": "minus zero", "p/1.5": "1.5", "p/100": "100", "a\uFFFD/1": "a fffd"}
	if len(stored) != len(want) {
		t.Fatalf("table holds %d items %v, want %d", len(stored), stored, len(want))
	}
	for id, data := range want {
		if got := dataOf(stored[id]); got != data {
			t.Errorf("%s data %q, want the last write %q", id, got, data)
		}
	}
}

func TestBatchGetMatchesKeysAsDynamoDBComparesThem(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	reqs := []types.WriteRequest{numPut("p", "0", "zero"), numPut("p", "1.5", "1.5"), numPut("p", "100", "100"), numPut("a\uFFFD", "1", "fffd")}
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, reqs); err != nil {
		t.Fatal(err)
	}
	keys := []map[string]types.AttributeValue{
		numKey("p", "-0"), numKey("p", "1.50"), numKey("a\xff", "1"), numKey("p", "1e2"),
		numKey("p", "0"), numKey("a\xfe", "1"), // the same keys again, spelled otherwise
		numKey("p", "2"), // no item
	}
	items, err := ddb.BatchGet(t.Context(), client, table, []string{"pk", "sk"}, keys, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, dataOf(it))
	}
	if want := []string{"zero", "1.5", "fffd", "100"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("items %q, want %q (one per key, in key order)", got, want)
	}
}

// scriptedGetter answers each call with the function for its number
// (1-based); calls beyond the script fail.
type scriptedGetter struct {
	calls  int
	script []func(in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error)
}

func (s *scriptedGetter) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	s.calls++
	if s.calls > len(s.script) {
		return nil, fmt.Errorf("test: unexpected call %d", s.calls)
	}
	return s.script[s.calls-1](in)
}

// realGet forwards the keys of in selected by keep to the server and returns
// its answer with the other keys as UnprocessedKeys.
func realGet(t *testing.T, api ddb.BatchGetAPI, keep func(i int) bool) func(in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error) {
	return func(in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error) {
		for table, ka := range in.RequestItems {
			var fwd, rest []map[string]types.AttributeValue
			for i, k := range ka.Keys {
				if keep(i) {
					fwd = append(fwd, k)
				} else {
					rest = append(rest, k)
				}
			}
			sub := ka
			sub.Keys = fwd
			out, err := api.BatchGetItem(t.Context(), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{table: sub}})
			if err != nil {
				return nil, err
			}
			if len(rest) > 0 {
				left := ka
				left.Keys = rest
				out.UnprocessedKeys = map[string]types.KeysAndAttributes{table: left}
			}
			return out, nil
		}
		return nil, errors.New("test: no table")
	}
}

func failWith(err error) func(*dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error) {
	return func(*dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error) { return nil, err }
}

// unreadWant lists the indices of keys whose items are not among items and
// that are not in answered (keys answered without an item).
func unreadWant(keys, items []map[string]types.AttributeValue, answered map[string]bool) []int {
	got := map[string]bool{}
	for _, it := range items {
		got[idOf(it)] = true
	}
	var want []int
	for i, k := range keys {
		if !got[idOf(k)] && !answered[idOf(k)] {
			want = append(want, i)
		}
	}
	return want
}

// Half the keys have items. The first call answers 30 keys (15 items, 15
// answered without one) and hands back the rest; the second call fails with
// a non-retryable error: Unread is exactly the 70 keys handed back and the
// 50 keys of the second chunk, never a key answered with or without an item.
func TestBatchGetFailureAfterAPartialAnswerListsExactlyTheUnreadKeys(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	var reqs []types.WriteRequest
	for i := 0; i < 150; i += 2 {
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: thing("p", i)}})
	}
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, reqs); err != nil {
		t.Fatal(err)
	}
	keys := keysOf(150, "p")
	boom := errors.New("boom")
	api := &scriptedGetter{script: []func(*dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error){
		realGet(t, client, func(i int) bool { return i < 30 }),
		failWith(boom),
	}}
	items, err := ddb.BatchGet(t.Context(), api, table, []string{"pk", "sk"}, keys, true, nil, ddb.WithSleep((&noSleep{}).sleep))
	var bg *ddb.BatchGetError
	if !errors.As(err, &bg) || !errors.Is(err, boom) {
		t.Fatalf("error %v, want *BatchGetError wrapping the call's error", err)
	}
	if len(items) != 15 {
		t.Fatalf("%d items, want the 15 of the first answer", len(items))
	}
	answered := map[string]bool{}
	for i := 1; i < 30; i += 2 {
		answered[idOf(keys[i])] = true
	}
	want := unreadWant(keys, items, answered)
	if !reflect.DeepEqual(bg.Unread, want) {
		t.Fatalf("Unread = %v\nwant       %v", bg.Unread, want)
	}
	if len(want) != 120 || want[0] != 30 {
		t.Fatalf("test set-up: want 30..149 unread, got %v", want)
	}
}

// An answer holding an item that matches no requested key is an error; the
// items of that answer that do match are returned and not listed as unread.
// Which keys the answer left without an item is unknown then, so those are
// listed as unread.
func TestBatchGetForeignItemInAnAnswer(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, puts(4, "p")); err != nil {
		t.Fatal(err)
	}
	real := realGet(t, client, func(int) bool { return true })
	api := &scriptedGetter{script: []func(*dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error){
		func(in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error) {
			out, err := real(in)
			if err != nil {
				return nil, err
			}
			out.Responses[table] = append(out.Responses[table], thing("stranger", 1))
			return out, nil
		},
	}}
	keys := append(keysOf(4, "p"), thingKey("p", 99)) // 99 has no item
	items, err := ddb.BatchGet(t.Context(), api, table, []string{"pk", "sk"}, keys, true, nil)
	var bg *ddb.BatchGetError
	if !errors.As(err, &bg) || !strings.Contains(err.Error(), `response item {pk=S:"stranger" sk=N:1} matches no requested key`) {
		t.Fatalf("error %v, want *BatchGetError naming the foreign item", err)
	}
	if len(items) != 4 {
		t.Fatalf("%d items, want the 4 that matched", len(items))
	}
	if !reflect.DeepEqual(bg.Unread, []int{4}) {
		t.Fatalf("Unread = %v, want [4]", bg.Unread)
	}
}

// An answer handing back a key that was not requested is an error; its
// items are returned, and the keys it handed back or left without an item
// are unread.
func TestBatchGetForeignUnprocessedKey(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, puts(4, "p")); err != nil {
		t.Fatal(err)
	}
	real := realGet(t, client, func(i int) bool { return i < 2 })
	api := &scriptedGetter{script: []func(*dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error){
		func(in *dynamodb.BatchGetItemInput) (*dynamodb.BatchGetItemOutput, error) {
			out, err := real(in)
			if err != nil {
				return nil, err
			}
			u := out.UnprocessedKeys[table]
			u.Keys = append(u.Keys, thingKey("stranger", 1))
			out.UnprocessedKeys[table] = u
			return out, nil
		},
	}}
	keys := keysOf(4, "p")
	items, err := ddb.BatchGet(t.Context(), api, table, []string{"pk", "sk"}, keys, true, nil)
	var bg *ddb.BatchGetError
	if !errors.As(err, &bg) || !strings.Contains(err.Error(), "matches no requested key") {
		t.Fatalf("error %v, want *BatchGetError naming the foreign key", err)
	}
	if len(items) != 2 || !reflect.DeepEqual(bg.Unread, []int{2, 3}) {
		t.Fatalf("%d items and Unread %v, want 2 items and [2 3]", len(items), bg.Unread)
	}
}

// scriptedWriter answers each call with the function for its number.
type scriptedWriter struct {
	calls  int
	script []func(in *dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error)
}

func (s *scriptedWriter) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	s.calls++
	if s.calls > len(s.script) {
		return nil, fmt.Errorf("test: unexpected call %d", s.calls)
	}
	return s.script[s.calls-1](in)
}

// realWrite writes the requests of in selected by keep and hands the others
// back as UnprocessedItems, transformed by respell (nil: as sent).
func realWrite(t *testing.T, api ddb.BatchWriteAPI, keep func(i int) bool, respell func(types.WriteRequest) types.WriteRequest) func(*dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error) {
	return func(in *dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error) {
		for table, reqs := range in.RequestItems {
			var fwd, rest []types.WriteRequest
			for i, r := range reqs {
				if keep(i) {
					fwd = append(fwd, r)
				} else {
					if respell != nil {
						r = respell(r)
					}
					rest = append(rest, r)
				}
			}
			out := &dynamodb.BatchWriteItemOutput{}
			if len(fwd) > 0 {
				if _, err := api.BatchWriteItem(t.Context(), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: fwd}}); err != nil {
					return nil, err
				}
			}
			if len(rest) > 0 {
				out.UnprocessedItems = map[string][]types.WriteRequest{table: rest}
			}
			return out, nil
		}
		return nil, errors.New("test: no table")
	}
}

// The first call writes 10 of 25 requests and hands back 15; the next call
// fails: Unwritten is exactly those 15 and the later chunks, and each listed
// request is missing from the table, each other one present.
func TestBatchWriteFailureAfterAPartialAnswerListsExactlyTheUnwritten(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	boom := errors.New("boom")
	api := &scriptedWriter{script: []func(*dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error){
		realWrite(t, client, func(i int) bool { return i%3 != 0 && i < 15 }, nil),
		func(*dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error) { return nil, boom },
	}}
	reqs := puts(40, "p")
	err := ddb.BatchWrite(t.Context(), api, table, []string{"pk", "sk"}, reqs, ddb.WithSleep((&noSleep{}).sleep))
	var bw *ddb.BatchWriteError
	if !errors.As(err, &bw) || !errors.Is(err, boom) {
		t.Fatalf("error %v, want *BatchWriteError wrapping the call's error", err)
	}
	stored := scanAll(t, client, table)
	var want []int
	for i, r := range reqs {
		if _, ok := stored[idOf(r.PutRequest.Item)]; !ok {
			want = append(want, i)
		}
	}
	if !reflect.DeepEqual(bw.Unwritten, want) {
		t.Fatalf("Unwritten = %v\nmissing     %v", bw.Unwritten, want)
	}
	if len(stored) != 10 {
		t.Fatalf("test set-up: %d written, want 10", len(stored))
	}
}

// DynamoDB may hand back unprocessed requests with their numbers in its own
// spelling (-0 as 0, 1.50 as 1.5): they are matched to the requests sent,
// and after the last attempt exactly those are unwritten.
func TestBatchWriteMatchesRespelledUnprocessedItems(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	respell := func(r types.WriteRequest) types.WriteRequest {
		item := map[string]types.AttributeValue{}
		for k, v := range r.PutRequest.Item {
			item[k] = v
		}
		n := item["sk"].(*types.AttributeValueMemberN).Value
		item["sk"] = &types.AttributeValueMemberN{Value: map[string]string{"-0": "0", "1.50": "1.5", "1e2": "100"}[n]}
		return types.WriteRequest{PutRequest: &types.PutRequest{Item: item}}
	}
	reqs := []types.WriteRequest{numPut("p", "-0", "a"), numPut("p", "7", "b"), numPut("p", "1.50", "c"), numPut("p", "1e2", "d")}
	handBack := func(i int) bool { return i == 1 } // write only 7, hand back the others
	api := &scriptedWriter{script: []func(*dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error){
		realWrite(t, client, handBack, respell),
		realWrite(t, client, func(i int) bool { return i == 1 }, respell), // of -0, 1.50, 1e2: writes 1.50
	}}
	err := ddb.BatchWrite(t.Context(), api, table, []string{"pk", "sk"}, reqs, ddb.WithSleep((&noSleep{}).sleep), ddb.WithMaxAttempts(2))
	var bw *ddb.BatchWriteError
	if !errors.As(err, &bw) || !reflect.DeepEqual(bw.Unwritten, []int{0, 3}) {
		t.Fatalf("error %v, want *BatchWriteError with -0 and 1e2 (0 and 3) unwritten", err)
	}
	if api.calls != 2 {
		t.Fatalf("%d calls, want 2: the respelled answer must match without resending everything", api.calls)
	}
	if stored := scanAll(t, client, table); len(stored) != 2 || stored["p/7"] == nil || stored["p/1.5"] == nil {
		t.Fatalf("stored %v, want p/7 and p/1.5", stored)
	}
}
