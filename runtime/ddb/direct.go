package ddb

import (
	"context"

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
	// Decode appends a zero item and fills it with dec, which is handed a
	// pointer to it; dec's error ends the page and is the store's decoding
	// error, as on the map path.
	Decode(dec func(item any) error) error
	// direct records that the answer was decoded directly and returns how
	// many items it holds (the last one the one that failed, if failed).
	direct() (n int, failed bool)
}

// sliceItems collects a page's items for Query[R].Page and All.
type sliceItems[R any] struct {
	items    []R
	err      error
	isDirect bool
	next     int // the next item All yields
}

func (t *sliceItems[R]) Probe() any { return (*R)(nil) }

func (t *sliceItems[R]) Reset() {
	clear(t.items)
	t.items, t.err, t.next = t.items[:0], nil, 0
}

func (t *sliceItems[R]) direct() (int, bool) {
	t.isDirect = true
	return len(t.items), t.err != nil
}

// take returns the next item of the page for All, or the error of the item
// that did not decode.
func (t *sliceItems[R]) take() (R, error) {
	i := t.next
	t.next++
	if t.err != nil && i == len(t.items)-1 {
		var zero R
		return zero, t.err
	}
	return t.items[i], nil
}

func (t *sliceItems[R]) Decode(dec func(item any) error) error {
	var zero R
	t.items = append(t.items, zero)
	if err := dec(&t.items[len(t.items)-1]); err != nil {
		t.err = err
		return err
	}
	return nil
}
