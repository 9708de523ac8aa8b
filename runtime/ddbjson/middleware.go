package ddbjson

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The SDK's middleware this package places itself against: the operation
// deserializer of every aws-sdk-go-v2 operation (checked by the tests, so an
// SDK that renames it fails them, not users).
const sdkDeserializerID = "OperationDeserializer"

// MiddlewareID is the ID of the direct decoder in the Deserialize step.
const MiddlewareID = "stelviogen:DirectDecode"

// MaxBody bounds the body of an answer read directly: DynamoDB's largest
// answers (a BatchGetItem of 100 items of 400 KB, 16 MB) fit with room to
// spare; a longer body is an error, not an allocation.
const MaxBody = 64 << 20

// WithDecoder returns the option of one call of a *dynamodb.Client that
// reads the body of its 200 answer with dec instead of the SDK's
// deserializer: the output the call returns then holds only its
// ResultMetadata, and what the body says is in dec.
//
//	var page ddbjson.Page
//	page.Items = &ddbjson.Items[Order, *Order]{}
//	_, err := client.Query(ctx, in, ddbjson.WithDecoder(&page))
//
// Everything else of the SDK still applies: endpoint resolution, signing,
// the retries (a retried attempt decodes its own answer afresh), the
// x-amz-crc32 check (before dec sees the body; a mismatch is a retryable
// error), the request ID, the user's middleware, and every non-200 answer
// still goes through the SDK's deserializer and becomes its typed error
// (ConditionalCheckFailedException, throttling, validation ...).
func WithDecoder(dec ResponseDecoder) func(*dynamodb.Options) {
	return func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Deserialize.Insert(&direct{dec: dec}, sdkDeserializerID, middleware.After)
		})
	}
}

// direct is the middleware: it sits right after the SDK's deserializer,
// which runs after it on the way back, so it sees the answer first, and the
// SDK's checksum middleware, further down, has wrapped the body by then.
type direct struct{ dec ResponseDecoder }

func (*direct) ID() string { return MiddlewareID }

// ChecksumError is a body that does not match its x-amz-crc32 header: it
// was damaged on the way. The SDK retries it.
type ChecksumError struct{ Err error }

func (e *ChecksumError) Error() string        { return "ddbjson: response body damaged: " + e.Err.Error() }
func (e *ChecksumError) Unwrap() error        { return e.Err }
func (e *ChecksumError) RetryableError() bool { return true }

func (m *direct) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if err != nil {
		return out, md, err
	}
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok || resp.StatusCode != http.StatusOK || resp.Body == nil {
		return out, md, err // the SDK's deserializer makes the error
	}
	b, err := readBody(resp)
	// Closing the body runs the SDK's CRC32 check over what was read.
	cerr := resp.Body.Close()
	resp.Body = http.NoBody // the SDK's deserializer now reads nothing
	if err != nil {
		return out, md, &smithy.DeserializationError{Err: err}
	}
	if cerr != nil {
		return out, md, &smithy.DeserializationError{Err: &ChecksumError{cerr}}
	}
	if err := m.dec.DecodeResponse(b); err != nil {
		return out, md, &smithy.DeserializationError{Err: err}
	}
	return out, md, nil
}

// readBody reads the whole body into a new array (strings handed out share
// it), refusing more than MaxBody bytes.
func readBody(resp *smithyhttp.Response) ([]byte, error) {
	n := resp.ContentLength
	if resp.Header.Get("Content-Encoding") != "" {
		n = -1 // decompressed on the way: the length is not the body's
	}
	if n > MaxBody {
		return nil, &SyntaxError{Msg: fmt.Sprintf("body of %d bytes, more than %d", n, MaxBody)}
	}
	if n >= 0 {
		b := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, b); err != nil {
			return nil, err
		}
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err == nil && len(b) > MaxBody {
		return nil, &SyntaxError{Msg: fmt.Sprintf("body of more than %d bytes", MaxBody)}
	}
	return b, err
}
