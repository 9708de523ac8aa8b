package ddb

import (
	"context"
	"fmt"
	"iter"
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
func queryScope(in *dynamodb.QueryInput) (string, string) {
	return aws.ToString(in.TableName), "query:" + aws.ToString(in.IndexName)
}

func scanScope(in *dynamodb.ScanInput) (string, string) {
	idx := "scan:" + aws.ToString(in.IndexName)
	if in.TotalSegments != nil {
		idx += fmt.Sprintf("#%d/%d", aws.ToInt32(in.Segment), aws.ToInt32(in.TotalSegments))
	}
	return aws.ToString(in.TableName), idx
}

// Query runs in and yields its decoded items, fetching pages as the loop
// goes; breaking out of the loop stops fetching. When in.Limit is set it caps
// the total number of items yielded (DynamoDB's Limit is per page). An error
// is yielded once, as the last element. in is not modified.
func Query[T any](ctx context.Context, api QueryAPI, in *dynamodb.QueryInput, decode Decoder[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		req := *in
		remaining := aws.ToInt32(in.Limit)
		for {
			if in.Limit != nil {
				req.Limit = aws.Int32(remaining)
			}
			out, err := api.Query(ctx, &req)
			if err != nil {
				yield(zero, fmt.Errorf("ddb: Query %s: %w", describe(req.TableName, req.IndexName), err))
				return
			}
			for _, item := range out.Items {
				v, err := decode(item)
				if err != nil {
					yield(zero, fmt.Errorf("ddb: Query %s: decode item: %w", describe(req.TableName, req.IndexName), err))
					return
				}
				if !yield(v, nil) {
					return
				}
			}
			if in.Limit != nil {
				remaining -= int32(len(out.Items))
				if remaining <= 0 {
					return
				}
			}
			if len(out.LastEvaluatedKey) == 0 {
				return
			}
			req.ExclusiveStartKey = out.LastEvaluatedKey
		}
	}
}

// QueryPage runs one request of in, starting after cursor ("" for the first
// page), and returns its decoded items and the cursor of the next page (""
// when there is none). in.Limit is the page size. The cursor is bound to the
// table and index: one from elsewhere gives an error wrapping ErrInvalidCursor.
func QueryPage[T any](ctx context.Context, api QueryAPI, in *dynamodb.QueryInput, cursor string, decode Decoder[T]) ([]T, string, error) {
	table, scope := queryScope(in)
	start, err := DecodeCursor(table, scope, cursor)
	if err != nil {
		return nil, "", err
	}
	req := *in
	req.ExclusiveStartKey = start
	out, err := api.Query(ctx, &req)
	if err != nil {
		return nil, "", fmt.Errorf("ddb: Query %s: %w", describe(req.TableName, req.IndexName), err)
	}
	items, err := decodeAll(out.Items, decode)
	if err != nil {
		return nil, "", fmt.Errorf("ddb: Query %s: %w", describe(req.TableName, req.IndexName), err)
	}
	next, err := EncodeCursor(table, scope, out.LastEvaluatedKey)
	if err != nil {
		return nil, "", err
	}
	return items, next, nil
}

// Scan runs in (one segment when in.Segment/TotalSegments are set) like Query.
func Scan[T any](ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, decode Decoder[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		req := *in
		remaining := aws.ToInt32(in.Limit)
		for {
			if in.Limit != nil {
				req.Limit = aws.Int32(remaining)
			}
			out, err := api.Scan(ctx, &req)
			if err != nil {
				yield(zero, fmt.Errorf("ddb: Scan %s: %w", describe(req.TableName, req.IndexName), err))
				return
			}
			for _, item := range out.Items {
				v, err := decode(item)
				if err != nil {
					yield(zero, fmt.Errorf("ddb: Scan %s: decode item: %w", describe(req.TableName, req.IndexName), err))
					return
				}
				if !yield(v, nil) {
					return
				}
			}
			if in.Limit != nil {
				remaining -= int32(len(out.Items))
				if remaining <= 0 {
					return
				}
			}
			if len(out.LastEvaluatedKey) == 0 {
				return
			}
			req.ExclusiveStartKey = out.LastEvaluatedKey
		}
	}
}

// ScanPage runs one request of in like QueryPage. A cursor is also bound to
// the scan's segment.
func ScanPage[T any](ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, cursor string, decode Decoder[T]) ([]T, string, error) {
	table, scope := scanScope(in)
	start, err := DecodeCursor(table, scope, cursor)
	if err != nil {
		return nil, "", err
	}
	req := *in
	req.ExclusiveStartKey = start
	out, err := api.Scan(ctx, &req)
	if err != nil {
		return nil, "", fmt.Errorf("ddb: Scan %s: %w", describe(req.TableName, req.IndexName), err)
	}
	items, err := decodeAll(out.Items, decode)
	if err != nil {
		return nil, "", fmt.Errorf("ddb: Scan %s: %w", describe(req.TableName, req.IndexName), err)
	}
	next, err := EncodeCursor(table, scope, out.LastEvaluatedKey)
	if err != nil {
		return nil, "", err
	}
	return items, next, nil
}

// ParallelScan scans in with totalSegments concurrent segments and yields
// all their items (in no particular order) on the caller's goroutine. When
// in.Limit is set it caps the total number of items yielded. Breaking out of
// the loop, or the first error, stops every segment before ParallelScan returns.
func ParallelScan[T any](ctx context.Context, api ScanAPI, in *dynamodb.ScanInput, totalSegments int, decode Decoder[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if totalSegments < 1 || totalSegments > 1000000 {
			yield(zero, fmt.Errorf("ddb: Scan %s: total segments %d out of range 1..1000000", describe(in.TableName, in.IndexName), totalSegments))
			return
		}
		parent := ctx
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var incomplete atomic.Bool // a segment gave up because ctx ended
		type result struct {
			v   T
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
				for v, err := range Scan(ctx, api, &req, decode) {
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
