package ddb

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// DirectGetAPI is implemented by a client that can read a GetItem answer
// straight into the item, without the SDK's attribute-value map
// (ddbjson.NewClient). A store whose client implements it calls GetItemInto
// instead of GetItem; nothing else changes.
//
// GetItemInto sends in. When dst (a pointer to the table's model) can be
// decoded directly it reads the item into dst and returns found (whether
// the table holds the item) with an output holding no Item; otherwise it
// returns what GetItem returns, whose Item the store decodes as usual. An
// error of dst's own decoder comes back as that error, not wrapped, so the
// store reports it as it reports a map item that does not decode.
type DirectGetAPI interface {
	GetItemInto(ctx context.Context, in *dynamodb.GetItemInput, dst any) (out *dynamodb.GetItemOutput, found bool, err error)
}

// DirectPageAPI is implemented by a client that can read a Query or Scan
// answer straight into the items (ddbjson.NewClient). The Page and All of a
// store's query or scan (Query[R], of a table's own model, not an entity's,
// nor a parallel scan's All) call QueryInto or ScanInto instead of Query or
// Scan when its client implements it.
//
// QueryInto sends in. When the items can be decoded directly (into.Probe()
// has a direct decoder) it decodes each item of the answer with into.Decode
// and returns true with an output holding everything but Items (Count,
// ScannedCount, LastEvaluatedKey, ConsumedCapacity); otherwise it returns
// false and what Query returns, whose Items the store decodes as usual.
// ScanInto is the same for Scan.
type DirectPageAPI interface {
	QueryInto(ctx context.Context, in *dynamodb.QueryInput, into DirectItems) (*dynamodb.QueryOutput, bool, error)
	ScanInto(ctx context.Context, in *dynamodb.ScanInput, into DirectItems) (*dynamodb.ScanOutput, bool, error)
}

// DirectItems receives the items a DirectPageAPI decodes from one answer.
// Only this package implements it.
type DirectItems interface {
	// Probe returns a nil pointer to the item type, whose methods tell
	// whether it decodes directly.
	Probe() any
	// Reset drops the items of an earlier attempt of the request.
	Reset()
	// Grow makes room for n more items.
	Grow(n int)
	// Decode appends a zero item and fills it with dec, which is handed a
	// pointer to it; dec's error ends the page and is the store's decoding
	// error, as on the map path.
	Decode(dec func(item any) error) error
	// direct records that the answer was decoded directly and returns how
	// many items it holds (the last one the one that failed, if failed).
	direct() (n int, failed bool)
}

// DirectUpdateAPI is implemented by a client that can read the item an
// UpdateItem answer returns straight into the model (ddbjson.NewClient). A
// store's Update calls UpdateItemInto instead of UpdateItem when its client
// implements it.
//
// UpdateItemInto sends in. When dst (a pointer to the table's model) can be
// decoded directly, it reads the answer's Attributes into dst and returns
// found (whether the answer held any) and an output without Attributes;
// otherwise it returns what UpdateItem returns. decErr is dst's own decoding
// error (the update was applied); err is the call's.
type DirectUpdateAPI interface {
	UpdateItemInto(ctx context.Context, in *dynamodb.UpdateItemInput, dst any) (out *dynamodb.UpdateItemOutput, found bool, decErr, err error)
}

// DirectTxGetAPI is implemented by a client that can read a
// TransactGetItems answer straight into the reads' destinations
// (ddbjson.NewClient). ReadTx calls TransactGetItemsInto instead of
// TransactGetItems when its client implements it.
//
// TransactGetItemsInto sends in, whose read i goes into dsts[i] (a pointer
// to a model). It decodes each item whose destination can be decoded
// directly into it and sets direct[i]; the output's Responses hold the other
// reads' items, as TransactGetItems returns them, and ConsumedCapacity. A
// missing item leaves its destination untouched. decErr is the error of
// read decAt's destination decoding its item; err is the call's (a
// cancellation is the SDK's TransactionCanceledException).
type DirectTxGetAPI interface {
	TransactGetItemsInto(ctx context.Context, in *dynamodb.TransactGetItemsInput, dsts []any) (out *dynamodb.TransactGetItemsOutput, direct []bool, decErr error, decAt int, err error)
}

// DirectReturnAPI is implemented by a client that can read the item a
// PutItem or DeleteItem answer returns (ReturnOld) straight into the model
// (ddbjson.NewClient). Put, Create and Delete with ReturnOld call it when
// their client implements it.
//
// PutItemReturning sends in and, when the answer holds an item, decodes it
// into alloc() (a pointer to a new model value) and passes that to place;
// without an item it calls place(nil). A model without a direct decoder is
// decoded from the SDK's form of the item. decErr is the decoding error
// (the write was made; place is not called); err is the call's.
// DeleteItemReturning is the same for DeleteItem.
type DirectReturnAPI interface {
	PutItemReturning(ctx context.Context, in *dynamodb.PutItemInput, alloc func() any, place func(any)) (out *dynamodb.PutItemOutput, decErr, err error)
	DeleteItemReturning(ctx context.Context, in *dynamodb.DeleteItemInput, alloc func() any, place func(any)) (out *dynamodb.DeleteItemOutput, decErr, err error)
}

// DirectBatchGetAPI is implemented by a client that can read a BatchGetItem
// answer straight into the items (ddbjson.NewClient). A store's BatchGet
// calls BatchGetItemInto instead of BatchGetItem when its client implements
// it and DecodesDirectly(a nil *T) holds for its model T.
//
// BatchGetItemInto sends in, which asks for items of one table, and calls
// into.Decode once per item of the answer, in order. The output holds
// UnprocessedKeys and ConsumedCapacity as BatchGetItem's does, and as its
// Responses, in the same order, each item's attributes named in keyAttrs,
// by which the store matches items to keys. An item the model refuses is
// left in its slot with its error (the call goes on); an answer that cannot
// be read is the call's error.
type DirectBatchGetAPI interface {
	DecodesDirectly(probe any) bool
	BatchGetItemInto(ctx context.Context, in *dynamodb.BatchGetItemInput, keyAttrs []string, into DirectItems) (*dynamodb.BatchGetItemOutput, error)
}

// directSlice collects a page's items for Query[R].Page and All into the
// caller's *[]R through reflect, so that no code is instantiated per result
// type: a generic collector, one copy per model and projection type, made the
// build of a package of ten tables 1.25× slower. The reflect calls cost tens
// of nanoseconds per item, against the microsecond of decoding it.
type directSlice struct {
	v        reflect.Value // the []R the caller holds (settable)
	ptr      reflect.Type  // *R
	err      error
	isDirect bool
	next     int // the next item All takes

	// A batch read appends the items of each answer to the earlier ones'
	// (base: where the current answer's begin) and keeps reading past an
	// item its model refuses (errs, by slot).
	batch bool
	base  int
	errs  map[int]error

	// fresh: each answer goes into a new slice, so that pointers to the
	// items of the last one stay valid (a parallel scan's segments).
	fresh bool
	cur   any // the *R a parallel scan yields next (see take)

	// skipForeign drops an item of another entity (its decoder's error
	// wraps ErrForeignItem) and counts it in skipped, as a non-strict entity
	// query skips it on the map path; skippedDone is the count of the
	// answers before the current one.
	skipForeign          bool
	skipped, skippedDone int
	// shared adds up the skips of a parallel scan's segments, each with a
	// directSlice of its own; the consumer's reads it (see parallelDirect).
	shared *atomic.Int64
}

// directItemError is the decoding error of an item a parallel scan's
// segment read directly, told apart from the segment's request errors.
type directItemError struct{ err error }

func (e *directItemError) Error() string { return e.err.Error() }
func (e *directItemError) Unwrap() error { return e.err }

// newDirectSlice collects into *dst, a *[]R.
func newDirectSlice(dst any) *directSlice {
	v := reflect.ValueOf(dst).Elem()
	return &directSlice{v: v, ptr: reflect.PointerTo(v.Type().Elem())}
}

func (t *directSlice) Probe() any { return reflect.Zero(t.ptr).Interface() }

func (t *directSlice) Reset() {
	for i := range t.errs {
		if i >= t.base {
			delete(t.errs, i)
		}
	}
	if t.fresh {
		t.v.Set(reflect.Zero(t.v.Type()))
	}
	if t.shared != nil {
		t.shared.Add(int64(t.skippedDone - t.skipped)) // the retried answer's skips
	}
	t.skipped = t.skippedDone
	t.v.SetLen(t.base)
	t.err, t.next = nil, 0
}

// Grow makes room for n more items (a page's Count, read before its items).
func (t *directSlice) Grow(n int) {
	if l := t.v.Len(); t.v.Cap()-l < n {
		grown := reflect.MakeSlice(t.v.Type(), l, l+n)
		reflect.Copy(grown, t.v)
		t.v.Set(grown)
	}
}

func (t *directSlice) direct() (int, bool) {
	t.isDirect = true
	t.skippedDone = t.skipped
	return t.v.Len() - t.base, t.err != nil
}

// take returns a pointer to the next item for All (into the caller's
// slice, or the item a parallel scan's segment read: cur), or the error of
// the item that did not decode.
func (t *directSlice) take() (any, error) {
	if t.cur != nil {
		p := t.cur
		t.cur = nil
		return p, nil
	}
	i := t.next
	t.next++
	if t.err != nil && i == t.v.Len()-1 {
		return nil, t.err
	}
	return t.v.Index(i).Addr().Interface(), nil
}

func (t *directSlice) Decode(dec func(item any) error) error {
	n := t.v.Len()
	if n == t.v.Cap() {
		t.Grow(max(n, 8))
	}
	t.v.SetLen(n + 1)
	slot := t.v.Index(n)
	slot.SetZero() // a reused slot of an earlier page or attempt
	if err := dec(slot.Addr().Interface()); err != nil {
		if t.skipForeign && errors.Is(err, ErrForeignItem) {
			t.v.SetLen(n)
			t.skipped++
			if t.shared != nil {
				t.shared.Add(1)
			}
			return nil
		}
		if t.batch {
			if t.errs == nil {
				t.errs = map[int]error{}
			}
			t.errs[n] = err
		} else {
			t.err = err
		}
		return err
	}
	return nil
}
