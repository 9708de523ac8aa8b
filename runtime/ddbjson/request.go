package ddbjson

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ItemEncoder is what a model implements to be written straight into a
// request: the generated per-model JSON encoder (EncodeJSONItem writes the
// item with w.BeginItem, w.Name and a value per attribute, w.EndItem, as
// MarshalItem builds its map).
type ItemEncoder interface {
	EncodeJSONItem(w *Writer) error
}

// Placeholder is the item to give the SDK in the input of a call made with
// WithItems, where the item written by an ItemEncoder goes: an empty map,
// which the SDK's validation accepts and its serializer writes as
// "Item":{}, a text no other part of a request has.
func Placeholder() map[string]types.AttributeValue { return map[string]types.AttributeValue{} }

// RequestMiddlewareID is the ID of the item writer in the Serialize step.
const RequestMiddlewareID = "stelviogen:DirectEncode"

const sdkSerializerID = "OperationSerializer"

var placeholderText = []byte(`"Item":{}`)

// WithItems returns the option of one PutItem, BatchWriteItem or
// TransactWriteItems call whose items are written by encs: the input holds
// Placeholder() for each (the Item of PutItem, of each PutRequest, of each
// Put), and after the SDK's serializer has written the request, the i-th
// placeholder is replaced by what encs[i] writes. Signing, the payload
// hash and the content length are computed afterwards, from the request as
// sent. A count of placeholders other than len(encs) is an error before
// anything is sent.
func WithItems(encs ...ItemEncoder) func(*dynamodb.Options) {
	return func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Serialize.Insert(&splice{encs: encs}, sdkSerializerID, middleware.After)
		})
	}
}

type splice struct{ encs []ItemEncoder }

func (*splice) ID() string { return RequestMiddlewareID }

func (m *splice) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("ddbjson: unexpected transport request %T", in.Request)
	}
	sdk, err := io.ReadAll(req.GetStream())
	if err != nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, err
	}
	w := Writer{buf: make([]byte, 0, len(sdk)+256*len(m.encs))}
	rest := sdk
	for i, enc := range m.encs {
		at := bytes.Index(rest, placeholderText)
		if at < 0 {
			return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("ddbjson: the request has %d item placeholders, %d encoders were given", i, len(m.encs))
		}
		w.buf = append(w.buf, rest[:at+len(placeholderText)-2]...)
		if err := enc.EncodeJSONItem(&w); err != nil {
			return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("ddbjson: item %d: %w", i, err)
		}
		rest = rest[at+len(placeholderText):]
	}
	if bytes.Contains(rest, placeholderText) {
		return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("ddbjson: the request has more item placeholders than the %d encoders given", len(m.encs))
	}
	w.buf = append(w.buf, rest...)
	if req, err = req.SetStream(bytes.NewReader(w.buf)); err != nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, err
	}
	req.ContentLength = int64(len(w.buf))
	in.Request = req
	return next.HandleSerialize(ctx, in)
}
