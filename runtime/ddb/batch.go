package ddb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoDB's per-request limits.
const (
	MaxBatchWrite = 25  // requests per BatchWriteItem
	MaxBatchGet   = 100 // keys per BatchGetItem
)

// BatchWriteAPI is the part of *dynamodb.Client BatchWrite uses.
type BatchWriteAPI interface {
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
}

// BatchGetAPI is the part of *dynamodb.Client BatchGet uses.
type BatchGetAPI interface {
	BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
}

// BatchOption is an option of BatchWrite and BatchGet (and of the stores'
// batch writes): their retries (WithBackoff, WithMaxAttempts, ...), and
// ConsumedCapacity.
type BatchOption interface{ applyBatch(*batchConfig) }

// batchOpt is a BatchOption of the retries.
type batchOpt func(*batchConfig)

func (o batchOpt) applyBatch(c *batchConfig) { o(c) }

type batchConfig struct {
	base, max   time.Duration
	maxAttempts int
	sleep       func(context.Context, time.Duration) error
	randN       func(n int64) int64
	meter       meter
}

// Default backoff: retries of unprocessed work wait a random time in
// [0, min(max, base·2^attempt)] ("full jitter").
const (
	DefaultBackoffBase = 25 * time.Millisecond
	DefaultBackoffMax  = 5 * time.Second
)

func newBatchConfig(opts []BatchOption) batchConfig {
	c := batchConfig{
		base:  DefaultBackoffBase,
		max:   DefaultBackoffMax,
		sleep: sleepCtx,
		randN: rand.Int64N,
	}
	for _, o := range opts {
		o.applyBatch(&c)
	}
	return c
}

// WithBackoff sets the base and the cap of the exponential backoff.
func WithBackoff(base, max time.Duration) BatchOption {
	return batchOpt(func(c *batchConfig) {
		if base > 0 {
			c.base = base
		}
		if max > 0 {
			c.max = max
		}
	})
}

// WithMaxAttempts bounds the calls made for one chunk (the first call and its
// retries, whether a retry is for unprocessed work or after a retryable
// error); 0, the default, retries until the work is done or ctx ends.
func WithMaxAttempts(n int) BatchOption {
	return batchOpt(func(c *batchConfig) { c.maxAttempts = n })
}

// WithSleep replaces the function that waits between retries; it must return
// ctx.Err() when ctx ends first. For tests.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) BatchOption {
	return batchOpt(func(c *batchConfig) { c.sleep = sleep })
}

// WithRand replaces the jitter source: randN(n) returns a value in [0, n). For tests.
func WithRand(randN func(n int64) int64) BatchOption {
	return batchOpt(func(c *batchConfig) { c.randN = randN })
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Retry classification of failed calls, as the SDK's standard retryer does it.
var (
	sdkRetryable = retry.IsErrorRetryables(retry.DefaultRetryables)
	sdkThrottle  = retry.IsErrorThrottles(retry.DefaultThrottles)
	sdkTimeout   = retry.IsErrorTimeouts(retry.DefaultTimeouts)
)

// retryableError reports whether a failed batch call may succeed when made
// again: throttling, 5xx, connection errors and timeouts, as the SDK
// classifies them (its own retries may have run out, or its retry quota),
// and a response cut short by a dropped connection. Validation errors, a
// missing table and the end of ctx are not retryable. Retrying after an
// error whose request may have been applied is safe: batch writes are
// idempotent, and reads are reads.
func retryableError(ctx context.Context, err error) bool {
	if err == nil || ctx.Err() != nil {
		return false
	}
	switch sdkRetryable.IsErrorRetryable(err) {
	case aws.TrueTernary:
		return true
	case aws.FalseTernary:
		return false
	}
	return sdkThrottle.IsErrorThrottle(err) == aws.TrueTernary ||
		sdkTimeout.IsErrorTimeout(err) == aws.TrueTernary ||
		errors.Is(err, io.ErrUnexpectedEOF)
}

// giveUp is the error of a chunk that reached WithMaxAttempts.
func giveUp(what string, attempts int, lastErr error) error {
	if lastErr != nil {
		return fmt.Errorf("%s remain after %d attempts, the last failed: %w", what, attempts, lastErr)
	}
	return fmt.Errorf("%s remain after %d attempts", what, attempts)
}

// withLast adds the error of the last call, if any, to err (the end of ctx
// during a wait), so both stay reachable with errors.Is and errors.As.
func withLast(err, lastErr error) error {
	if lastErr == nil {
		return err
	}
	return fmt.Errorf("%w; the last call failed: %w", err, lastErr)
}

// backoff returns the wait before retry number attempt (0-based).
func (c *batchConfig) backoff(attempt int) time.Duration {
	ceil := c.max
	if attempt < 62 {
		if d := c.base << uint(attempt); d > 0 && d < ceil {
			ceil = d
		}
	}
	if ceil <= 0 {
		return 0
	}
	return time.Duration(c.randN(int64(ceil) + 1))
}

// BatchWrite writes reqs (puts and deletes) to table with BatchWriteItem, in
// chunks of 25, retrying unprocessed items and failed calls with exponential
// backoff and full jitter until all are written or ctx ends (or
// WithMaxAttempts is reached). A call is retried when it failed with a
// retryable error (throttling, 5xx, a dropped connection, a timeout); any
// other error ends the write at once.
// keyAttrs are the table's key attribute names (partition key first); they
// match unprocessed items back to reqs.
//
// Requests are applied in order: two requests for the same key (as DynamoDB
// compares keys: 0 and -0 are one number, see keyID) never share a chunk
// (DynamoDB rejects that), so the later one wins as if written one by one.
//
// On failure the error is a *BatchWriteError whose Unwritten lists exactly the
// requests not confirmed as written: those of a call under way when ctx ended
// are listed, though DynamoDB may have applied them (retrying is safe). A request without its key attributes is
// rejected before anything is sent.
func BatchWrite(ctx context.Context, api BatchWriteAPI, table string, keyAttrs []string, reqs []types.WriteRequest, opts ...BatchOption) error {
	if len(reqs) == 0 {
		return nil
	}
	cfg := newBatchConfig(opts)
	all := func(from int) []int {
		out := make([]int, 0, len(reqs)-from)
		for i := from; i < len(reqs); i++ {
			out = append(out, i)
		}
		return out
	}
	ids := make([]string, len(reqs))
	for i, r := range reqs {
		var item map[string]types.AttributeValue
		switch {
		case r.PutRequest != nil && r.DeleteRequest == nil:
			item = r.PutRequest.Item
		case r.DeleteRequest != nil && r.PutRequest == nil:
			item = r.DeleteRequest.Key
		default:
			return &BatchWriteError{Table: table, Unwritten: all(0), Err: fmt.Errorf("request %d must hold exactly one of PutRequest and DeleteRequest", i)}
		}
		id, err := keyID(item, keyAttrs)
		if err != nil {
			return &BatchWriteError{Table: table, Unwritten: all(0), Err: fmt.Errorf("request %d: %w", i, err)}
		}
		ids[i] = id
	}

	next := 0
	for next < len(reqs) {
		// Next chunk: up to 25 requests with distinct keys, in order.
		pending := map[string]int{}
		for next < len(reqs) && len(pending) < MaxBatchWrite {
			if _, dup := pending[ids[next]]; dup {
				break
			}
			pending[ids[next]] = next
			next++
		}
		if err := writeChunk(ctx, api, table, keyAttrs, reqs, pending, &cfg); err != nil {
			unwritten := make([]int, 0, len(pending)+len(reqs)-next)
			for _, i := range pending {
				unwritten = append(unwritten, i)
			}
			sort.Ints(unwritten)
			unwritten = append(unwritten, all(next)...)
			return &BatchWriteError{Table: table, Unwritten: unwritten, Err: err}
		}
	}
	return nil
}

// writeChunk writes the requests in pending (key id -> index) and deletes
// each from pending once written; on error pending holds what is left.
func writeChunk(ctx context.Context, api BatchWriteAPI, table string, keyAttrs []string, reqs []types.WriteRequest, pending map[string]int, cfg *batchConfig) error {
	var lastErr error // error of the last call, nil when it returned
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if cfg.maxAttempts > 0 && attempt >= cfg.maxAttempts {
				return giveUp("unwritten items", attempt, lastErr)
			}
			if err := cfg.sleep(ctx, cfg.backoff(attempt-1)); err != nil {
				return withLast(err, lastErr)
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := make([]types.WriteRequest, 0, len(pending))
		idx := make([]int, 0, len(pending))
		for _, i := range pending {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		for _, i := range idx {
			batch = append(batch, reqs[i])
		}
		out, err := api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems:           map[string][]types.WriteRequest{table: batch},
			ReturnConsumedCapacity: cfg.meter.ask(),
		})
		if err == nil {
			cfg.meter.addAll(out.ConsumedCapacity)
		}
		if err != nil {
			if !retryableError(ctx, err) {
				return err
			}
			// Nothing is known to be written: resend all that is pending.
			lastErr = err
			continue
		}
		lastErr = nil
		unprocessed := out.UnprocessedItems[table]
		left := make(map[string]int, len(unprocessed))
		matched := true
		for _, u := range unprocessed {
			var item map[string]types.AttributeValue
			if u.PutRequest != nil {
				item = u.PutRequest.Item
			} else if u.DeleteRequest != nil {
				item = u.DeleteRequest.Key
			}
			id, err := keyID(item, keyAttrs)
			i, ok := pending[id]
			if err != nil || !ok {
				matched = false
				break
			}
			left[id] = i
		}
		if !matched {
			// An unprocessed item we cannot place: resend everything still
			// pending (batch writes are idempotent) rather than guess.
			continue
		}
		for id := range pending {
			if _, ok := left[id]; !ok {
				delete(pending, id)
			}
		}
		if len(pending) == 0 {
			return nil
		}
	}
}

// BatchGet reads the items with the given keys from table with BatchGetItem,
// in chunks of 100 distinct keys, retrying unprocessed keys and failed calls
// with exponential backoff and full jitter until all are read or ctx ends (or
// WithMaxAttempts is reached). A call is retried when it failed with a
// retryable error (throttling, 5xx, a dropped connection, a timeout); any
// other error ends the read at once. keyAttrs are the table's key attribute
// names. projection, when given, lists the attributes to return (through
// ExpressionAttributeNames); the key attributes are always added so items can
// be matched to keys.
//
// Items come back in the order of keys; keys without an item are left out,
// and a key given more than once yields its item once (DynamoDB rejects
// duplicate keys in a request; keys are compared as DynamoDB compares them,
// see keyID). On failure the items read so far are returned with a
// *BatchGetError whose Unread lists exactly the keys not read: a key whose
// item was returned, or that DynamoDB answered has no item, is never listed.
// An answer that holds an item or an unprocessed key matching no requested
// key is an error; its matching items count as read, and the keys it
// answered without an item cannot be told from the ones it dropped, so they
// are listed.
func BatchGet(ctx context.Context, api BatchGetAPI, table string, keyAttrs []string, keys []map[string]types.AttributeValue, consistent bool, projection []AttrPath, opts ...BatchOption) ([]map[string]types.AttributeValue, error) {
	items, _, err := batchGet(ctx, api, table, keyAttrs, keys, consistent, projection, nil, opts...)
	return items, err
}

// batchGet is BatchGet. With into, the answers are read by a
// DirectBatchGetAPI client: the items go to into, and the returned maps are
// their keys, with at the slot in into of each.
func batchGet(ctx context.Context, api BatchGetAPI, table string, keyAttrs []string, keys []map[string]types.AttributeValue, consistent bool, projection []AttrPath, into *directSlice, opts ...BatchOption) ([]map[string]types.AttributeValue, []int, error) {
	if len(keys) == 0 {
		return nil, nil, nil
	}
	var direct DirectBatchGetAPI
	if into != nil {
		direct = api.(DirectBatchGetAPI)
		into.batch = true
	}
	slots := map[string]int{} // key id -> slot in into
	cfg := newBatchConfig(opts)
	ids := make([]string, len(keys))
	first := map[string]int{} // key id -> first index with it
	var order []string        // distinct key ids in order
	for i, k := range keys {
		id, err := keyID(k, keyAttrs)
		if err != nil {
			all := make([]int, len(keys))
			for j := range all {
				all[j] = j
			}
			return nil, nil, &BatchGetError{Table: table, Unread: all, Err: fmt.Errorf("key %d: %w", i, err)}
		}
		ids[i] = id
		if _, ok := first[id]; !ok {
			first[id] = i
			order = append(order, id)
		}
	}

	var projExpr *string
	var projNames map[string]string
	if len(projection) > 0 {
		var b Builder
		paths := make([]AttrPath, 0, len(keyAttrs)+len(projection))
		for _, a := range keyAttrs {
			paths = append(paths, Attr(a))
		}
		projExpr = aws.String(b.Paths(append(paths, projection...)))
		projNames = b.Names()
	}

	found := map[string]map[string]types.AttributeValue{}
	read := map[string]bool{} // keys answered, with or without an item
	fail := func(err error) ([]map[string]types.AttributeValue, []int, error) {
		var unread []int
		for i, id := range ids {
			if !read[id] {
				unread = append(unread, i)
			}
		}
		items, at := collect(ids, found, slots)
		return items, at, &BatchGetError{Table: table, Unread: unread, Err: err}
	}

	for start := 0; start < len(order); start += MaxBatchGet {
		end := min(start+MaxBatchGet, len(order))
		pending := map[string]bool{}
		for _, id := range order[start:end] {
			pending[id] = true
		}
		var lastErr error // error of the last call, nil when it returned
		for attempt := 0; ; attempt++ {
			if attempt > 0 {
				if cfg.maxAttempts > 0 && attempt >= cfg.maxAttempts {
					return fail(giveUp("unread keys", attempt, lastErr))
				}
				if err := cfg.sleep(ctx, cfg.backoff(attempt-1)); err != nil {
					return fail(withLast(err, lastErr))
				}
			}
			if err := ctx.Err(); err != nil {
				return fail(err)
			}
			req := make([]map[string]types.AttributeValue, 0, len(pending))
			for _, id := range order[start:end] {
				if pending[id] {
					req = append(req, keys[first[id]])
				}
			}
			in := &dynamodb.BatchGetItemInput{
				RequestItems: map[string]types.KeysAndAttributes{table: {
					Keys:                     req,
					ConsistentRead:           aws.Bool(consistent),
					ProjectionExpression:     projExpr,
					ExpressionAttributeNames: projNames,
				}},
				ReturnConsumedCapacity: cfg.meter.ask(),
			}
			var out *dynamodb.BatchGetItemOutput
			var err error
			base := 0
			if direct != nil {
				base = into.v.Len()
				into.base = base
				out, err = direct.BatchGetItemInto(ctx, in, keyAttrs, into)
			} else {
				out, err = api.BatchGetItem(ctx, in)
			}
			if err == nil {
				cfg.meter.addAll(out.ConsumedCapacity)
			}
			if err != nil {
				if !retryableError(ctx, err) {
					return fail(err)
				}
				lastErr = err
				continue
			}
			lastErr = nil
			// A returned item is read, whatever else the answer holds.
			var foreign error
			for j, item := range out.Responses[table] {
				id, err := keyID(item, keyAttrs)
				if err != nil || !pending[id] {
					if foreign == nil {
						foreign = fmt.Errorf("response item %s matches no requested key", FormatKey(KeyOf(item, keyAttrs...)))
					}
					continue
				}
				found[id] = item
				if direct != nil {
					slots[id] = base + j
				}
				read[id] = true
				delete(pending, id)
			}
			if foreign != nil {
				// Whether the answer covered the other keys is unknown.
				return fail(foreign)
			}
			still := map[string]bool{}
			if u, ok := out.UnprocessedKeys[table]; ok {
				for _, k := range u.Keys {
					id, err := keyID(k, keyAttrs)
					if err != nil || !pending[id] {
						return fail(fmt.Errorf("unprocessed key %s matches no requested key", FormatKey(KeyOf(k, keyAttrs...))))
					}
					still[id] = true
				}
			}
			// Keys neither returned nor unprocessed are answered: no item.
			for id := range pending {
				if !still[id] {
					delete(pending, id)
					read[id] = true
				}
			}
			if len(pending) == 0 {
				break
			}
		}
	}
	items, at := collect(ids, found, slots)
	return items, at, nil
}

// collect returns the found items in the order of their first key, and
// the slot of each in slots, when there are slots.
func collect(ids []string, found map[string]map[string]types.AttributeValue, slots map[string]int) ([]map[string]types.AttributeValue, []int) {
	out := make([]map[string]types.AttributeValue, 0, len(found))
	var at []int
	emitted := map[string]bool{}
	for _, id := range ids {
		if item, ok := found[id]; ok && !emitted[id] {
			emitted[id] = true
			out = append(out, item)
			if len(slots) > 0 {
				at = append(at, slots[id])
			}
		}
	}
	return out, at
}
