package ddbjson

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// Client is a *dynamodb.Client whose answers the generated stores read
// directly: hand it to a store's constructor in place of the client
//
//	orders := models.NewOrderStore(ddbjson.NewClient(client), table)
//
// and the store's Get and the Page and All of its queries and scans decode the
// answer straight into the model (ddb.DirectGetAPI, ddb.DirectPageAPI) when
// the model has DecodeJSONItem (generated with -json); every other call,
// and those of a model without it, are the embedded client's, unchanged.
type Client struct {
	*dynamodb.Client
	stats clientStats
}

type clientStats struct{ direct, viaMap atomic.Int64 }

// Stats returns how many items this client decoded straight into models
// since it was made, and how many answers it left to the map path because
// the model has no DecodeJSONItem (a models package generated without
// -json, or an index projection type). A test can assert that a store
// reads directly: direct > 0 and viaMap == 0.
func (c *Client) Stats() (direct, viaMap int64) {
	return c.stats.direct.Load(), c.stats.viaMap.Load()
}

// NewClient returns the Client of c.
func NewClient(c *dynamodb.Client) *Client { return &Client{Client: c} }

var (
	_ ddb.API               = (*Client)(nil)
	_ ddb.DirectGetAPI      = (*Client)(nil)
	_ ddb.DirectPageAPI     = (*Client)(nil)
	_ ddb.DirectBatchGetAPI = (*Client)(nil)
	_ ddb.DirectUpdateAPI   = (*Client)(nil)
	_ ddb.DirectTxGetAPI    = (*Client)(nil)
	_ ddb.DirectReturnAPI   = (*Client)(nil)
)

// directDecodes counts the items read directly by Client (tests check that
// the direct path was taken).
var directDecodes func()

// GetItemInto implements ddb.DirectGetAPI.
func (c *Client) GetItemInto(ctx context.Context, in *dynamodb.GetItemInput, dst any) (*dynamodb.GetItemOutput, bool, error) {
	d, ok := dst.(ItemDecoder)
	if !ok {
		c.stats.viaMap.Add(1)
		out, err := c.Client.GetItem(ctx, in)
		return out, false, err
	}
	sink := &oneSink{d: d, n: &c.stats.direct}
	res := ItemResult{Item: sink}
	out, err := c.Client.GetItem(ctx, in, WithDecoder(&res))
	if err != nil {
		if sink.err != nil {
			return nil, false, sink.err // the model's own error, as the map path gives it
		}
		return nil, false, err
	}
	out.ConsumedCapacity = res.ConsumedCapacity
	return out, res.Found, nil
}

// UpdateItemInto implements ddb.DirectUpdateAPI.
func (c *Client) UpdateItemInto(ctx context.Context, in *dynamodb.UpdateItemInput, dst any) (*dynamodb.UpdateItemOutput, bool, error, error) {
	d, ok := dst.(ItemDecoder)
	if !ok {
		c.stats.viaMap.Add(1)
		out, err := c.Client.UpdateItem(ctx, in)
		return out, false, nil, err
	}
	sink := &oneSink{d: d, n: &c.stats.direct}
	res := ItemResult{Item: sink}
	out, err := c.Client.UpdateItem(ctx, in, WithDecoder(&res))
	if err != nil {
		return nil, false, sink.err, err
	}
	out.ConsumedCapacity = res.ConsumedCapacity
	// DynamoDB answers an update returning nothing with "Attributes":{} or
	// none; the map path treats an empty item as none.
	return out, res.Found && !sink.empty, nil, nil
}

// oneSink decodes the one item of an answer into d and keeps d's error.
// A decoded answer ends the call (a decoding error is not retried), so d
// is written at most once and Reset has nothing to clear.
type oneSink struct {
	d     ItemDecoder
	err   error
	n     *atomic.Int64 // Stats' direct
	empty bool          // the item has no attributes (the map path's none)
}

func (s *oneSink) Reset() { s.err = nil }

func (s *oneSink) DecodeItem(m *Map) error {
	if directDecodes != nil {
		directDecodes()
	}
	s.n.Add(1)
	s.empty = m.empty()
	s.err = s.d.DecodeJSONItem(m)
	return s.err
}

// QueryInto implements ddb.DirectPageAPI.
func (c *Client) QueryInto(ctx context.Context, in *dynamodb.QueryInput, into ddb.DirectItems) (*dynamodb.QueryOutput, bool, error) {
	if dc, ok := into.(ddb.DirectCollection); ok {
		return c.queryCollection(ctx, in, dc)
	}
	if _, ok := into.Probe().(ItemDecoder); !ok {
		c.stats.viaMap.Add(1)
		out, err := c.Client.Query(ctx, in)
		return out, false, err
	}
	p := Page{Items: newItemsSink(into, &c.stats.direct)}
	out, err := c.Client.Query(ctx, in, WithDecoder(&p))
	if err != nil {
		return nil, true, err
	}
	out.Count, out.ScannedCount, out.LastEvaluatedKey, out.ConsumedCapacity = p.Count, p.ScannedCount, p.LastEvaluatedKey, p.ConsumedCapacity
	return out, true, nil
}

// ScanInto implements ddb.DirectPageAPI.
func (c *Client) ScanInto(ctx context.Context, in *dynamodb.ScanInput, into ddb.DirectItems) (*dynamodb.ScanOutput, bool, error) {
	if _, ok := into.Probe().(ItemDecoder); !ok {
		c.stats.viaMap.Add(1)
		out, err := c.Client.Scan(ctx, in)
		return out, false, err
	}
	p := Page{Items: newItemsSink(into, &c.stats.direct)}
	out, err := c.Client.Scan(ctx, in, WithDecoder(&p))
	if err != nil {
		return nil, true, err
	}
	out.Count, out.ScannedCount, out.LastEvaluatedKey, out.ConsumedCapacity = p.Count, p.ScannedCount, p.LastEvaluatedKey, p.ConsumedCapacity
	return out, true, nil
}

// itemsSink decodes the items of a page into a store's ddb.DirectItems.
type itemsSink struct {
	n    *atomic.Int64 // Stats' direct
	into ddb.DirectItems
	m    *Map
	dec  func(item any) error // decode, bound once
}

func newItemsSink(into ddb.DirectItems, n *atomic.Int64) *itemsSink {
	s := &itemsSink{into: into, n: n}
	s.dec = s.decode
	return s
}

func (s *itemsSink) Reset() { s.into.Reset() }

// Grow makes room for a page's Count items.
func (s *itemsSink) Grow(n int) { s.into.Grow(n) }

func (s *itemsSink) DecodeItem(m *Map) error {
	if directDecodes != nil {
		directDecodes()
	}
	s.n.Add(1)
	s.m = m
	return s.into.Decode(s.dec)
}

func (s *itemsSink) decode(item any) error { return item.(ItemDecoder).DecodeJSONItem(s.m) }

// DecodesDirectly implements ddb.DirectBatchGetAPI: whether items of
// probe's type (a nil pointer to the model) are read directly.
func (c *Client) DecodesDirectly(probe any) bool {
	_, ok := probe.(ItemDecoder)
	if !ok {
		c.stats.viaMap.Add(1)
	}
	return ok
}

// BatchGetItemInto implements ddb.DirectBatchGetAPI. It sends in (one table)
// and decodes the items of the answer into into, in their order; the
// output's Responses hold, in the same order, each item's key attributes
// (keyAttrs) for matching items to requested keys. An item the model's
// decoder refuses stays in the answer (its slot holds the error, see
// ddb.DirectItems.Decode); a malformed body is the call's error.
func (c *Client) BatchGetItemInto(ctx context.Context, in *dynamodb.BatchGetItemInput, keyAttrs []string, into ddb.DirectItems) (*dynamodb.BatchGetItemOutput, error) {
	var table string
	for table = range in.RequestItems {
	}
	s := &batchSink{itemsSink: newItemsSink(into, &c.stats.direct), keyAttrs: keyAttrs}
	res := BatchGetResult{Tables: map[string]ItemSink{table: s}}
	out, err := c.Client.BatchGetItem(ctx, in, WithDecoder(&res))
	if err != nil {
		return nil, err
	}
	out.Responses = map[string][]map[string]types.AttributeValue{table: s.keys}
	out.UnprocessedKeys, out.ConsumedCapacity = res.UnprocessedKeys, res.ConsumedCapacity
	return out, nil
}

// batchSink decodes the items of a BatchGetItem answer and keeps their keys.
type batchSink struct {
	*itemsSink
	keyAttrs []string
	keys     []map[string]types.AttributeValue
}

func (s *batchSink) Reset() {
	s.itemsSink.Reset()
	s.keys = s.keys[:0]
}

// Grow is not forwarded: an answer's items are appended to the earlier
// answers' ones, and it has no Count.
func (s *batchSink) Grow(int) {}

func (s *batchSink) DecodeItem(m *Map) error {
	key, err := m.peek(s.keyAttrs)
	if err != nil {
		return err
	}
	s.keys = append(s.keys, key)
	if err := s.itemsSink.DecodeItem(m); err != nil && m.Err() != nil {
		return err // the body is malformed; a model's refusal is kept in its slot
	}
	return nil
}

// TransactGetItemsInto implements ddb.DirectTxGetAPI.
func (c *Client) TransactGetItemsInto(ctx context.Context, in *dynamodb.TransactGetItemsInput, dsts []any) (*dynamodb.TransactGetItemsOutput, []bool, error, int, error) {
	sinks := make([]ItemSink, len(dsts))
	reads := make([]txReadSink, len(dsts))
	for i, dst := range dsts {
		reads[i].n = &c.stats.direct
		if d, ok := dst.(ItemDecoder); ok {
			reads[i].d = d
		} else {
			c.stats.viaMap.Add(1)
		}
		sinks[i] = &reads[i]
	}
	res := TxGetResult{Items: sinks}
	out, err := c.Client.TransactGetItems(ctx, in, WithDecoder(&res))
	if err != nil {
		for i := range reads {
			if reads[i].err != nil {
				return nil, nil, reads[i].err, i, nil
			}
		}
		return nil, nil, nil, 0, err
	}
	direct := make([]bool, len(dsts))
	out.Responses = make([]types.ItemResponse, len(dsts))
	for i := range reads {
		if reads[i].d != nil {
			direct[i] = res.Found[i] && !reads[i].empty
		} else {
			out.Responses[i].Item = reads[i].item
		}
	}
	out.ConsumedCapacity = res.ConsumedCapacity
	return out, direct, nil, 0, nil
}

// txReadSink reads the item of one read of a TransactGetItems: into d,
// when its destination decodes directly (leaving it untouched when the read
// found nothing), or into the SDK's form.
type txReadSink struct {
	d     ItemDecoder
	n     *atomic.Int64 // Stats' direct
	err   error
	empty bool
	item  map[string]types.AttributeValue
}

// Reset has nothing to clear: a decoded answer ends the call.
func (s *txReadSink) Reset() {}

func (s *txReadSink) DecodeItem(m *Map) error {
	if s.d == nil {
		var err error
		s.item, err = m.AttributeValues()
		return err
	}
	if s.empty = m.empty(); s.empty {
		return nil
	}
	if directDecodes != nil {
		directDecodes()
	}
	s.n.Add(1)
	s.err = s.d.DecodeJSONItem(m)
	return s.err
}

// PutItemReturning implements ddb.DirectReturnAPI.
func (c *Client) PutItemReturning(ctx context.Context, in *dynamodb.PutItemInput, alloc func() any, place func(any)) (*dynamodb.PutItemOutput, error, error) {
	sink := &placeSink{alloc: alloc, n: &c.stats.direct, viaMap: &c.stats.viaMap}
	res := ItemResult{Item: sink}
	out, err := c.Client.PutItem(ctx, in, WithDecoder(&res))
	if err != nil {
		return nil, sink.err, err
	}
	place(sink.v) // nil when the answer held no item
	out.ConsumedCapacity = res.ConsumedCapacity
	return out, nil, nil
}

// DeleteItemReturning implements ddb.DirectReturnAPI.
func (c *Client) DeleteItemReturning(ctx context.Context, in *dynamodb.DeleteItemInput, alloc func() any, place func(any)) (*dynamodb.DeleteItemOutput, error, error) {
	sink := &placeSink{alloc: alloc, n: &c.stats.direct, viaMap: &c.stats.viaMap}
	res := ItemResult{Item: sink}
	out, err := c.Client.DeleteItem(ctx, in, WithDecoder(&res))
	if err != nil {
		return nil, sink.err, err
	}
	place(sink.v) // nil when the answer held no item
	out.ConsumedCapacity = res.ConsumedCapacity
	return out, nil, nil
}

// placeSink decodes a returned item into a new destination alloc gives (an
// empty item is none, as on the map path); a destination without
// DecodeJSONItem is filled through its UnmarshalItem from the SDK's form.
type placeSink struct {
	alloc     func() any
	v         any           // the decoded item, nil for none
	n, viaMap *atomic.Int64 // Stats
	err       error
}

func (s *placeSink) Reset() { s.v, s.err = nil, nil }

func (s *placeSink) DecodeItem(m *Map) error {
	if m.empty() {
		return nil
	}
	dst := s.alloc()
	if d, ok := dst.(ItemDecoder); ok {
		if directDecodes != nil {
			directDecodes()
		}
		s.n.Add(1)
		if s.err = d.DecodeJSONItem(m); s.err == nil {
			s.v = dst
		}
		return s.err
	}
	s.viaMap.Add(1)
	item, err := m.AttributeValues()
	if err != nil {
		return err
	}
	u, ok := dst.(interface {
		UnmarshalItem(map[string]types.AttributeValue) error
	})
	if !ok {
		s.err = fmt.Errorf("%T has neither DecodeJSONItem nor UnmarshalItem", dst)
		return s.err
	}
	if s.err = u.UnmarshalItem(item); s.err == nil {
		s.v = dst
	}
	return s.err
}

// queryCollection sends a collection query and decodes its answer into the
// generated page with a Collection sink, when the page has a direct decoder
// (CollectionMembers, generated with -json).
func (c *Client) queryCollection(ctx context.Context, in *dynamodb.QueryInput, dc ddb.DirectCollection) (*dynamodb.QueryOutput, bool, error) {
	coll, strict, page := dc.Collection()
	members, ok := page.(CollectionMembers)
	if !ok || len(coll.Members) == 0 {
		c.stats.viaMap.Add(1)
		out, err := c.Client.Query(ctx, in)
		return out, false, err
	}
	names := make([]string, len(coll.Members))
	for i, e := range coll.Members {
		names[i] = e.Name
	}
	sink := &collectionSink{Collection: Collection{Name: coll.Name, TypeAttr: coll.Members[0].TypeAttr, Members: names, Page: members, Strict: strict}, n: &c.stats.direct, into: dc}
	p := Page{Items: sink}
	out, err := c.Client.Query(ctx, in, WithDecoder(&p))
	dc.Decoded(sink.added, sink.Skipped, sink.err)
	if err != nil {
		return nil, true, err
	}
	out.Count, out.ScannedCount, out.LastEvaluatedKey, out.ConsumedCapacity = p.Count, p.ScannedCount, p.LastEvaluatedKey, p.ConsumedCapacity
	return out, true, nil
}

// collectionSink is a Collection that counts the member items it added and
// keeps the error of the item that failed.
type collectionSink struct {
	Collection
	into  ddb.DirectCollection // told of each new answer (Reset)
	n     *atomic.Int64        // Stats' direct
	added int
	err   error
}

func (s *collectionSink) Reset() {
	s.Collection.Reset()
	s.into.Reset()
	s.added, s.err = 0, nil
}

func (s *collectionSink) DecodeItem(m *Map) error {
	skipped := s.Skipped
	if err := s.Collection.DecodeItem(m); err != nil {
		s.err = err
		return err
	}
	if s.Skipped == skipped {
		if directDecodes != nil {
			directDecodes()
		}
		s.n.Add(1)
		s.added++
	}
	return nil
}
