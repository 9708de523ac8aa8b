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
