package ddb

import (
	"context"
	"iter"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// CollectionPage is what a generated collection page gives the runtime for
// the direct path (generated with -json): Reset empties the page; a
// DirectPageAPI client decodes an answer's items into it through its other
// methods (ddbjson.CollectionMembers).
type CollectionPage interface {
	Reset()
}

// DirectCollection is the DirectItems a DirectPageAPI client is handed for
// a page of a collection query: the client decodes each item of the answer
// into the generated page, as the member its type attribute names, and
// reports what it did with Decoded. Only this package implements it.
type DirectCollection interface {
	DirectItems
	// Collection returns the collection, whether the query is strict
	// (StrictEntities), and the page to decode into.
	Collection() (c *Collection, strict bool, page CollectionPage)
	// Decoded records what one answer held: n member items added to the
	// page, skipped items of no member, and err, the error of the item that
	// did not decode (the page then holds the n items before it).
	Decoded(n, skipped int, err error)
}

// collectionInto is the DirectCollection of a CollectionRead's page.
type collectionInto struct {
	c           *Collection
	strict      bool
	page        CollectionPage
	n           int
	skipped     int // of the query so far; skippedDone: before this answer
	err         error
	skippedDone int
	isDirect    bool
	next        int // the next item All yields
}

func (t *collectionInto) Collection() (*Collection, bool, CollectionPage) {
	return t.c, t.strict, t.page
}

func (t *collectionInto) Decoded(n, skipped int, err error) {
	t.n, t.skipped, t.err = n, t.skippedDone+skipped, err
}

// Probe, Grow and Decode are not used for a collection: the client decodes
// into the page.
func (t *collectionInto) Probe() any                   { return nil }
func (t *collectionInto) Grow(int)                     {}
func (t *collectionInto) Decode(func(any) error) error { return nil }

func (t *collectionInto) Reset() { t.n, t.skipped, t.err, t.next = 0, t.skippedDone, nil, 0 }

func (t *collectionInto) direct() (int, bool) {
	t.isDirect = true
	t.skippedDone = t.skipped
	if t.err != nil {
		return t.n + 1, true // the n items, then the one that failed
	}
	return t.n, false
}

// PageWith is Page for a generated page that can be decoded into directly
// (page): a DirectPageAPI client reads the answer straight into it, and
// add is not called; any other client gets Page(ctx, cursor, add).
func (q *CollectionRead) PageWith(ctx context.Context, cursor string, add func(member int, item map[string]types.AttributeValue) error, page CollectionPage) (string, error) {
	if _, ok := q.q.api.(DirectPageAPI); !ok {
		return q.Page(ctx, cursor, add)
	}
	t := &collectionInto{c: q.c, strict: q.q.s.strict, page: page}
	what, items, next, err := q.q.page(ctx, cursor, t)
	if !t.isDirect {
		// The client left the answer to the map path (a page without a
		// direct decoder): page is empty, add fills it.
		if err != nil {
			return "", err
		}
		for _, it := range items {
			if err := q.each(what, it, add); err != nil {
				return "", err
			}
		}
		return next, nil
	}
	if t.err != nil {
		return "", decodeItemError(what, t.err)
	}
	if err != nil {
		return "", err
	}
	q.q.skipped += t.skipped
	return next, nil
}

// AllWith is All for a generated page that can be decoded into directly: it
// yields the index in the page of each member item, in order. page holds
// the items of the current answer: a DirectPageAPI client decodes each
// answer into it (reset first); on the map path it is reset before each
// item is added to it, so the index is 0.
func (q *CollectionRead) AllWith(ctx context.Context, add func(member int, item map[string]types.AttributeValue) error, page CollectionPage) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		var t *collectionInto
		if _, ok := q.q.api.(DirectPageAPI); ok && q.q.s.parallel == 0 {
			t = &collectionInto{c: q.c, strict: q.q.s.strict, page: page}
		}
		var into DirectItems
		if t != nil {
			into = t
		}
		skipped := q.q.skipped
		what, seq := q.q.items(ctx, into)
		seq(func(it map[string]types.AttributeValue, err error) bool {
			if err == nil && t != nil && t.isDirect {
				q.q.skipped = skipped + t.skipped
				i := t.next
				t.next++
				if t.err != nil && i == t.n {
					yield(0, decodeItemError(what, t.err))
					return false
				}
				return yield(i, nil)
			}
			if err == nil {
				page.Reset()
				before := q.q.skipped
				if err = q.each(what, it, add); err == nil {
					if q.q.skipped != before {
						return true
					}
					return yield(0, nil)
				}
			}
			yield(0, err)
			return false
		})
		if t != nil && t.isDirect {
			q.q.skipped = skipped + t.skipped
		}
	}
}
