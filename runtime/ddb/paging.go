package ddb

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// QueryAPI is the part of *dynamodb.Client the query helpers use.
type QueryAPI interface {
	Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
}

// ScanAPI is the part of *dynamodb.Client the scan helpers use.
type ScanAPI interface {
	Scan(ctx context.Context, in *dynamodb.ScanInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
}

// Decoder turns one item into a T.
type Decoder[T any] func(map[string]types.AttributeValue) (T, error)

// Cursor scopes: a cursor is bound to the table, the index and the kind of
// request (and, for a scan, its segment), so it cannot be replayed elsewhere.
// A query's cursor is also bound to the query itself: its key condition and
// filter with their names and values, and its direction. DynamoDB would
// otherwise reject a foreign start key with a bare ValidationException, or
// worse, accept one from a query of the same partition with other conditions.
func queryScope(in *dynamodb.QueryInput) (string, string) {
	var b strings.Builder
	b.WriteString("query:")
	b.WriteString(aws.ToString(in.IndexName))
	fmt.Fprintf(&b, "\x00%s\x00%s\x00%t", aws.ToString(in.KeyConditionExpression), aws.ToString(in.FilterExpression), aws.ToBool(in.ScanIndexForward) || in.ScanIndexForward == nil)
	for _, k := range slices.Sorted(maps.Keys(in.ExpressionAttributeNames)) {
		fmt.Fprintf(&b, "\x00%s=%s", k, in.ExpressionAttributeNames[k])
	}
	for _, k := range slices.Sorted(maps.Keys(in.ExpressionAttributeValues)) {
		fmt.Fprintf(&b, "\x00%s=%s", k, scopeValue(in.ExpressionAttributeValues[k]))
	}
	return aws.ToString(in.TableName), b.String()
}

// scopeValue renders a key-condition value for a cursor scope.
func scopeValue(av types.AttributeValue) string {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return "S" + v.Value
	case *types.AttributeValueMemberN:
		return "N" + v.Value
	case *types.AttributeValueMemberB:
		return "B" + string(v.Value)
	}
	return fmt.Sprintf("%T%v", av, av)
}

func scanScope(in *dynamodb.ScanInput) (string, string) {
	idx := "scan:" + aws.ToString(in.IndexName)
	if in.TotalSegments != nil {
		idx += fmt.Sprintf("#%d/%d", aws.ToInt32(in.Segment), aws.ToInt32(in.TotalSegments))
	}
	return aws.ToString(in.TableName), idx
}

// page is one response of a Query or Scan: its items and where the next starts.
type page struct {
	items   []map[string]types.AttributeValue
	lastKey map[string]types.AttributeValue
	// direct: items are placeholders of items a direct client decoded
	// (other entities' items it dropped are not among them).
	direct bool
	// uncounted is how many of items an entity or collection query skips
	// (other entities'): All's Limit counts the items it yields.
	uncounted int
}

// fetchFunc sends one Query or Scan request starting after start, asking for
// at most limit items (nil: no limit).
type fetchFunc func(start map[string]types.AttributeValue, limit *int32) (page, error)

// rawPages yields the items of a Query or Scan, fetching pages as the loop
// goes; breaking out of the loop stops fetching. limit, when set, caps the total
// number of items yielded (DynamoDB's Limit is per page). An error is yielded
// once, as the last element; what names the request in errors. It is not
// generic: decoding is the caller's (decodeSeq), so each result type costs
// one small adapter rather than its own copy of the paging machinery.
//
//go:noinline
func rawPages(what reqName, limit *int32, fetch fetchFunc) iter.Seq2[map[string]types.AttributeValue, error] {
	return func(yield func(map[string]types.AttributeValue, error) bool) {
		var start map[string]types.AttributeValue
		remaining := aws.ToInt32(limit)
		for {
			var reqLimit *int32
			if limit != nil {
				reqLimit = aws.Int32(remaining)
			}
			out, err := fetch(start, reqLimit)
			if err != nil {
				yield(nil, requestFailed(what.String(), err))
				return
			}
			for _, item := range out.items {
				if !yield(item, nil) {
					return
				}
			}
			if limit != nil {
				remaining -= int32(len(out.items) - out.uncounted)
				if remaining <= 0 {
					return
				}
			}
			if len(out.lastKey) == 0 {
				return
			}
			start = out.lastKey
		}
	}
}

// decodeSeq decodes the items of seq as they come; a decoding error ends it.
// Items are decoded into one value, zeroed before each item, and yielded as
// copies: one allocation per sequence rather than one per item.
//
//go:noinline
func decodeSeq[T any](what reqName, seq iter.Seq2[map[string]types.AttributeValue, error], decode func(*T, map[string]types.AttributeValue) error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		p := new(T)
		seq(func(item map[string]types.AttributeValue, err error) bool {
			var zero T
			if err == nil {
				*p = zero
				if err = decode(p, item); err == nil {
					return yield(*p, nil)
				}
				err = decodeItemError(what, err)
			}
			yield(zero, err)
			return false
		})
	}
}

// decodeItemError is the error of an item that does not decode.
//
//go:noinline
func decodeItemError(what reqName, err error) error {
	return fmt.Errorf("ddb: %s: decode item: %w", what, err)
}

// rawPage fetches the page after cursor ("" for the first) and returns its
// items and the next page's cursor ("" when there is none). Cursors are
// bound to table and scope: one from elsewhere gives an error wrapping ErrInvalidCursor.
// index ("" for the table) names the index in the cursor error.
//
//go:noinline
func rawPage(what reqName, table, index, scope, cursor string, fetch fetchFunc, limit *int32) ([]map[string]types.AttributeValue, string, error) {
	start, err := decodeCursor(table, index, scope, cursor)
	if err != nil {
		return nil, "", err
	}
	out, err := fetch(start, limit)
	if err != nil {
		return nil, "", requestFailed(what.String(), err)
	}
	next, err := EncodeCursor(table, scope, out.lastKey)
	if err != nil {
		return nil, "", err
	}
	return out.items, next, nil
}

// decodePage decodes the items of a page.
//
//go:noinline
func decodePage[T any](what reqName, items []map[string]types.AttributeValue, next string, err error, decode func(*T, map[string]types.AttributeValue) error) ([]T, string, error) {
	if err != nil {
		return nil, "", err
	}
	out := make([]T, len(items))
	for i, item := range items {
		if err := decode(&out[i], item); err != nil {
			return nil, "", decodeItemError(what, err)
		}
	}
	return out, next, nil
}

// queryFetch sends copies of in, so in is never modified.
// m adds what each request consumed, when in asks for it.
// into, when not nil, asks a DirectPageAPI client to decode the items there:
// the page then holds one nil placeholder per item (the caller takes the
// items from into), ending with the item that did not decode, if one did not.
func queryFetch(ctx context.Context, api QueryAPI, in *dynamodb.QueryInput, m meter, into DirectItems) fetchFunc {
	return func(start map[string]types.AttributeValue, limit *int32) (page, error) {
		req := *in
		req.ExclusiveStartKey, req.Limit = start, limit
		var out *dynamodb.QueryOutput
		var err error
		if d, ok := api.(DirectPageAPI); ok && into != nil {
			var direct bool
			if out, direct, err = d.QueryInto(ctx, &req, into); direct {
				if p, ok := directPage(into, err, func() (map[string]types.AttributeValue, *types.ConsumedCapacity) {
					return out.LastEvaluatedKey, out.ConsumedCapacity
				}, m); ok {
					return p, nil
				}
			}
		} else {
			out, err = api.Query(ctx, &req)
		}
		if err != nil {
			return page{}, err
		}
		m.add(out.ConsumedCapacity)
		return page{items: out.Items, lastKey: out.LastEvaluatedKey}, nil
	}
}

// directPage is the page of an answer a DirectPageAPI client decoded into
// into: one placeholder per item, ending with the item that did not decode,
// if one did not; ok is false when the call failed otherwise (err). answer
// gives the output's last key and consumed capacity, when err is nil.
func directPage(into DirectItems, err error, answer func() (map[string]types.AttributeValue, *types.ConsumedCapacity), m meter) (p page, ok bool) {
	n, failed := into.direct()
	if failed {
		return page{items: make([]map[string]types.AttributeValue, n), direct: true}, true
	}
	if err != nil {
		return page{}, false
	}
	lastKey, cc := answer()
	m.add(cc)
	return page{items: make([]map[string]types.AttributeValue, n), lastKey: lastKey, direct: true}, true
}

func scanFetch(ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, m meter, into DirectItems) fetchFunc {
	return func(start map[string]types.AttributeValue, limit *int32) (page, error) {
		req := *in
		req.ExclusiveStartKey, req.Limit = start, limit
		var out *dynamodb.ScanOutput
		var err error
		if d, ok := api.(DirectPageAPI); ok && into != nil {
			var direct bool
			if out, direct, err = d.ScanInto(ctx, &req, into); direct {
				if p, ok := directPage(into, err, func() (map[string]types.AttributeValue, *types.ConsumedCapacity) {
					return out.LastEvaluatedKey, out.ConsumedCapacity
				}, m); ok {
					return p, nil
				}
			}
		} else {
			out, err = api.Scan(ctx, &req)
		}
		if err != nil {
			return page{}, err
		}
		m.add(out.ConsumedCapacity)
		return page{items: out.Items, lastKey: out.LastEvaluatedKey}, nil
	}
}

// QueryItems runs in and yields its decoded items, fetching pages as the loop
// goes; breaking out of the loop stops fetching. When in.Limit is set it caps
// the total number of items yielded (DynamoDB's Limit is per page). An error
// is yielded once, as the last element. in is not modified.
func QueryItems[T any](ctx context.Context, api QueryAPI, in *dynamodb.QueryInput, decode Decoder[T]) iter.Seq2[T, error] {
	what := reqName{"Query", in.TableName, in.IndexName}
	return decodeSeq(what, rawPages(what, in.Limit, queryFetch(ctx, api, in, meter{}, nil)), adapt(decode))
}

// adapt turns a Decoder into an UnmarshalItem-style function.
func adapt[T any](decode Decoder[T]) func(*T, map[string]types.AttributeValue) error {
	return func(v *T, item map[string]types.AttributeValue) error {
		var err error
		*v, err = decode(item)
		return err
	}
}

// QueryItemsPage runs one request of in, starting after cursor ("" for the first
// page), and returns its decoded items and the cursor of the next page (""
// when there is none). in.Limit is the page size. The cursor is bound to the
// table and index: one from elsewhere gives an error wrapping ErrInvalidCursor.
func QueryItemsPage[T any](ctx context.Context, api QueryAPI, in *dynamodb.QueryInput, cursor string, decode Decoder[T]) ([]T, string, error) {
	what := reqName{"Query", in.TableName, in.IndexName}
	items, next, err := rawQueryPage(ctx, api, in, cursor, meter{}, nil)
	return decodePage(what, items, next, err, adapt(decode))
}

func rawQueryPage(ctx context.Context, api QueryAPI, in *dynamodb.QueryInput, cursor string, m meter, into DirectItems) ([]map[string]types.AttributeValue, string, error) {
	table, scope := queryScope(in)
	return rawPage(reqName{"Query", in.TableName, in.IndexName}, table, aws.ToString(in.IndexName), scope, cursor, queryFetch(ctx, api, in, m, into), in.Limit)
}

// ScanItems runs in (one segment when in.Segment/TotalSegments are set) like QueryItems.
func ScanItems[T any](ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, decode Decoder[T]) iter.Seq2[T, error] {
	what := reqName{"Scan", in.TableName, in.IndexName}
	return decodeSeq(what, rawPages(what, in.Limit, scanFetch(ctx, api, in, meter{}, nil)), adapt(decode))
}

// ScanItemsPage runs one request of in like QueryItemsPage. A cursor is also bound to
// the scan's segment.
func ScanItemsPage[T any](ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, cursor string, decode Decoder[T]) ([]T, string, error) {
	what := reqName{"Scan", in.TableName, in.IndexName}
	items, next, err := rawScanPage(ctx, api, in, cursor, meter{}, nil)
	return decodePage(what, items, next, err, adapt(decode))
}

func rawScanPage(ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, cursor string, m meter, into DirectItems) ([]map[string]types.AttributeValue, string, error) {
	table, scope := scanScope(in)
	return rawPage(reqName{"Scan", in.TableName, in.IndexName}, table, aws.ToString(in.IndexName), scope, cursor, scanFetch(ctx, api, in, m, into), in.Limit)
}

// ParallelScanItems scans in with totalSegments concurrent segments and yields
// all their items (in no particular order) on the caller's goroutine. When
// in.Limit is set it caps the total number of items yielded. Breaking out of
// the loop, or the first error, stops every segment before ParallelScan returns.
func ParallelScanItems[T any](ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, totalSegments int, decode Decoder[T]) iter.Seq2[T, error] {
	return decodeSeq(reqName{"Scan", in.TableName, in.IndexName}, rawParallelScan(ctx, api, in, totalSegments, meter{}, nil), adapt(decode))
}

// rawParallelScan is ParallelScanItems without decoding.
//
//go:noinline
func rawParallelScan(ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, totalSegments int, m meter, owns func(map[string]types.AttributeValue) bool) iter.Seq2[map[string]types.AttributeValue, error] {
	return func(yield func(map[string]types.AttributeValue, error) bool) {
		parallelScan(ctx, api, in, totalSegments, m, nil, owns, nil)(func(v any, err error) bool {
			item, _ := v.(map[string]types.AttributeValue)
			return yield(item, err)
		})
	}
}

// parallelScan is rawParallelScan; with elem (the item type R), each
// segment's pages are read by a DirectPageAPI client into a slice of R of
// their own, and what is yielded is a *R into it, not an item map.
//
// skipped, when not nil, makes the segments' collectors skip other
// entities' items (an entity's scan) and count them there.
func parallelScan(ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, totalSegments int, m meter, elem reflect.Type, owns func(map[string]types.AttributeValue) bool, skipped *atomic.Int64) iter.Seq2[any, error] {
	return func(yield func(any, error) bool) {
		var zero any
		if in.Segment != nil || in.TotalSegments != nil {
			yield(zero, fmt.Errorf("ddb: Scan %s: a parallel scan chooses its own segments; drop Segment or call All", describe(in.TableName, in.IndexName)))
			return
		}
		if totalSegments < 1 || totalSegments > 1000000 {
			yield(zero, fmt.Errorf("ddb: Scan %s: total segments %d out of range 1..1000000", describe(in.TableName, in.IndexName), totalSegments))
			return
		}
		parent := ctx
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var incomplete atomic.Bool // a segment gave up because ctx ended
		type result struct {
			v   any
			err error
		}
		ch := make(chan result, 16)
		var wg sync.WaitGroup
		for seg := range totalSegments {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := *in
				req.Segment = aws.Int32(int32(seg))
				req.TotalSegments = aws.Int32(int32(totalSegments))
				// A direct segment decodes each page into a new slice
				// (fresh), as the items of the last one may not be
				// consumed yet.
				var into *directSlice
				var dst DirectItems
				if elem != nil {
					into = newDirectSlice(reflect.New(reflect.SliceOf(elem)).Interface())
					into.fresh = true
					into.skipForeign, into.shared = skipped != nil, skipped
					dst = into
				}
				for item, err := range rawPages(reqName{"Scan", req.TableName, req.IndexName}, req.Limit, ownedCounts(scanFetch(ctx, api, &req, m, dst), owns)) {
					var v any = item
					if into != nil && err == nil && into.isDirect {
						if v, err = into.take(); err != nil {
							err = &directItemError{err}
						}
					}
					select {
					case ch <- result{v, err}:
					case <-ctx.Done():
						incomplete.Store(true)
						return
					}
					if err != nil {
						return
					}
				}
			}()
		}
		go func() {
			wg.Wait()
			close(ch)
		}()
		stop := func() {
			cancel()
			for range ch { // let the segments exit
			}
		}
		n := int32(0)
		for r := range ch {
			if !yield(r.v, r.err) || r.err != nil {
				stop()
				return
			}
			if item, ok := r.v.(map[string]types.AttributeValue); ok && owns != nil && !owns(item) {
				continue // skipped by an entity's scan: not counted against Limit
			}
			n++
			if in.Limit != nil && n >= *in.Limit {
				stop()
				return
			}
		}
		if incomplete.Load() {
			yield(zero, fmt.Errorf("ddb: Scan %s: %w", describe(in.TableName, in.IndexName), context.Cause(parent)))
		}
	}
}

func decodeAll[T any](items []map[string]types.AttributeValue, decode Decoder[T]) ([]T, error) {
	out := make([]T, 0, len(items))
	for _, item := range items {
		v, err := decode(item)
		if err != nil {
			return nil, fmt.Errorf("decode item: %w", err)
		}
		out = append(out, v)
	}
	return out, nil
}

func describe(table, index *string) string {
	if index != nil && *index != "" {
		return aws.ToString(table) + " index " + *index
	}
	return aws.ToString(table)
}

// reqName names a request in errors ("Query orders index by-status"),
// spelled only when an error needs it.
type reqName struct {
	kind         string
	table, index *string
}

func (n reqName) String() string { return n.kind + " " + describe(n.table, n.index) }

// ownedCounts makes fetch's pages say how many of their items an entity or
// collection query will skip (owns false): they do not count against All's
// Limit, which counts the items All yields. A direct client's pages hold no
// such items.
func ownedCounts(fetch fetchFunc, owns func(map[string]types.AttributeValue) bool) fetchFunc {
	if owns == nil {
		return fetch
	}
	return func(start map[string]types.AttributeValue, limit *int32) (page, error) {
		p, err := fetch(start, limit)
		if err == nil && !p.direct {
			for _, it := range p.items {
				if !owns(it) {
					p.uncounted++
				}
			}
		}
		return p, err
	}
}
