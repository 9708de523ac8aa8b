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
// and the store's Get decodes GetItem's answer straight into the model
// (ddb.DirectGetAPI), when the model has DecodeJSONItem (generated with
// -json); every other call, and Get of a model without it, is the embedded
// client's, unchanged.
type Client struct {
	*dynamodb.Client
}

// NewClient returns the Client of c.
func NewClient(c *dynamodb.Client) *Client { return &Client{Client: c} }

var (
	_ ddb.API          = (*Client)(nil)
	_ ddb.DirectGetAPI = (*Client)(nil)
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
