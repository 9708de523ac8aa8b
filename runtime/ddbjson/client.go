package ddbjson

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

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
}

// NewClient returns the Client of c.
func NewClient(c *dynamodb.Client) *Client { return &Client{Client: c} }

var (
	_ ddb.API           = (*Client)(nil)
	_ ddb.DirectGetAPI  = (*Client)(nil)
	_ ddb.DirectPageAPI = (*Client)(nil)
)

// directDecodes counts the items read directly by Client (tests check that
// the direct path was taken).
var directDecodes func()

// GetItemInto implements ddb.DirectGetAPI.
func (c *Client) GetItemInto(ctx context.Context, in *dynamodb.GetItemInput, dst any) (*dynamodb.GetItemOutput, bool, error) {
	d, ok := dst.(ItemDecoder)
	if !ok {
		out, err := c.Client.GetItem(ctx, in)
		return out, false, err
	}
	sink := &oneSink{d: d}
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

// oneSink decodes the one item of an answer into d and keeps d's error.
// A decoded answer ends the call (a decoding error is not retried), so d
// is written at most once and Reset has nothing to clear.
type oneSink struct {
	d   ItemDecoder
	err error
}

func (s *oneSink) Reset() { s.err = nil }

func (s *oneSink) DecodeItem(m *Map) error {
	if directDecodes != nil {
		directDecodes()
	}
	s.err = s.d.DecodeJSONItem(m)
	return s.err
}

// QueryInto implements ddb.DirectPageAPI.
func (c *Client) QueryInto(ctx context.Context, in *dynamodb.QueryInput, into ddb.DirectItems) (*dynamodb.QueryOutput, bool, error) {
	if _, ok := into.Probe().(ItemDecoder); !ok {
		out, err := c.Client.Query(ctx, in)
		return out, false, err
	}
	p := Page{Items: newItemsSink(into)}
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
		out, err := c.Client.Scan(ctx, in)
		return out, false, err
	}
	p := Page{Items: newItemsSink(into)}
	out, err := c.Client.Scan(ctx, in, WithDecoder(&p))
	if err != nil {
		return nil, true, err
	}
	out.Count, out.ScannedCount, out.LastEvaluatedKey, out.ConsumedCapacity = p.Count, p.ScannedCount, p.LastEvaluatedKey, p.ConsumedCapacity
	return out, true, nil
}

// itemsSink decodes the items of a page into a store's ddb.DirectItems.
type itemsSink struct {
	into ddb.DirectItems
	m    *Map
	dec  func(item any) error // decode, bound once
}

func newItemsSink(into ddb.DirectItems) *itemsSink {
	s := &itemsSink{into: into}
	s.dec = s.decode
	return s
}

func (s *itemsSink) Reset() { s.into.Reset() }

func (s *itemsSink) DecodeItem(m *Map) error {
	if directDecodes != nil {
		directDecodes()
	}
	s.m = m
	return s.into.Decode(s.dec)
}

func (s *itemsSink) decode(item any) error { return item.(ItemDecoder).DecodeJSONItem(s.m) }
