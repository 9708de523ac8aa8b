package ddbjson_test

import (
	"bytes"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// answer is one canned HTTP answer.
type answer struct {
	status int
	body   []byte
	crc    string // "" computes the right one; "-" leaves the header out
}

// script is a transport that serves its answers in order, the last one
// again and again.
type script struct {
	answers []answer
	calls   atomic.Int32
}

func (s *script) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	n := int(s.calls.Add(1)) - 1
	a := s.answers[min(n, len(s.answers)-1)]
	h := http.Header{"Content-Type": {"application/x-amz-json-1.0"}, "X-Amzn-Requestid": {"REQ" + strconv.Itoa(n)}}
	switch a.crc {
	case "":
		h.Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(a.body)), 10))
	case "-":
	default:
		h.Set("X-Amz-Crc32", a.crc)
	}
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	return &http.Response{StatusCode: a.status, Status: http.StatusText(a.status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(a.body)), ContentLength: int64(len(a.body)), Request: req}, nil
}

func scriptClient(s *script, opts ...func(*dynamodb.Options)) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:      "eu-west-1",
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")),
		HTTPClient:  &http.Client{Transport: s},
		// Fast retries for the tests.
		RetryMaxAttempts: 3,
	}, opts...)
}

var queryIn = &dynamodb.QueryInput{TableName: aws.String("orders"), KeyConditionExpression: aws.String("customer_id = :c"),
	ExpressionAttributeValues: map[string]types.AttributeValue{":c": &types.AttributeValueMemberS{Value: "c"}}}

func newPage() (*ddbjson.Page, *ddbjson.Items[order, *order]) {
	items := &ddbjson.Items[order, *order]{}
	return &ddbjson.Page{Items: items}, items
}

func wantOrders(t *testing.T, got []order, n int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("%d orders, want %d", len(got), n)
	}
	for i := range got {
		if want := benchtest.PageOrder(i); !reflect.DeepEqual(benchtest.Order(got[i]), want) {
			t.Fatalf("order %d:\n got %+v\nwant %+v", i, got[i], want)
		}
	}
}

func TestDirectQueryPage(t *testing.T) {
	s := &script{answers: []answer{{status: 200, body: benchtest.OrdersPage(100)}}}
	page, items := newPage()
	out, err := scriptClient(s).Query(t.Context(), queryIn, ddbjson.WithDecoder(page))
	if err != nil {
		t.Fatal(err)
	}
	wantOrders(t, items.Items, 100)
	if page.Count != 100 || page.ScannedCount != 100 || len(page.LastEvaluatedKey) != 4 {
		t.Errorf("page %+v", page)
	}
	// The SDK's output is empty, but its metadata is there.
	if out.Items != nil || out.Count != 0 {
		t.Errorf("the SDK decoded the body too: %d items", len(out.Items))
	}
	if _, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata); !ok {
		t.Error("no request ID in the output's metadata")
	}
}

func TestUserMiddlewareSeesTheRequest(t *testing.T) {
	s := &script{answers: []answer{{status: 200, body: benchtest.OrdersPage(2)}}}
	var seenTarget, seenAfter string
	user := func(st *middleware.Stack) error {
		if err := st.Finalize.Add(middleware.FinalizeMiddlewareFunc("user-tracing", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if req, ok := in.Request.(*smithyhttp.Request); ok {
				seenTarget = req.Header.Get("X-Amz-Target")
			}
			return next.HandleFinalize(ctx, in)
		}), middleware.After); err != nil {
			return err
		}
		return st.Deserialize.Add(middleware.DeserializeMiddlewareFunc("user-logging", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			seenAfter = "seen"
			return out, md, err
		}), middleware.After)
	}
	client := scriptClient(s, func(o *dynamodb.Options) { o.APIOptions = append(o.APIOptions, user) })
	page, items := newPage()
	if _, err := client.Query(t.Context(), queryIn, ddbjson.WithDecoder(page)); err != nil {
		t.Fatal(err)
	}
	if seenTarget != "DynamoDB_20120810.Query" || seenAfter != "seen" {
		t.Errorf("the user's middleware saw target %q, answer %q", seenTarget, seenAfter)
	}
	wantOrders(t, items.Items, 2)
}

func TestThrottledAnswerIsRetried(t *testing.T) {
	throttled := []byte(`{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}`)
	s := &script{answers: []answer{{status: 400, body: throttled}, {status: 200, body: benchtest.OrdersPage(3)}}}
	page, items := newPage()
	if _, err := scriptClient(s).Query(t.Context(), queryIn, ddbjson.WithDecoder(page)); err != nil {
		t.Fatal(err)
	}
	if s.calls.Load() != 2 {
		t.Errorf("%d calls, want 2 (a retry)", s.calls.Load())
	}
	wantOrders(t, items.Items, 3)
}

func TestRetriedAttemptDecodesAfresh(t *testing.T) {
	// A first answer damaged on the way (its CRC32 does not match), then a
	// good one: the retry's items replace nothing twice.
	good := benchtest.OrdersPage(3)
	s := &script{answers: []answer{{status: 200, body: good, crc: "12345"}, {status: 200, body: good}}}
	page, items := newPage()
	if _, err := scriptClient(s).Query(t.Context(), queryIn, ddbjson.WithDecoder(page)); err != nil {
		t.Fatal(err)
	}
	if s.calls.Load() != 2 {
		t.Errorf("%d calls, want 2", s.calls.Load())
	}
	wantOrders(t, items.Items, 3)
}

func TestCorruptedChecksumIsRejected(t *testing.T) {
	body := benchtest.OrdersPage(3)
	corrupt := bytes.Replace(body, []byte("shipped"), []byte("shopped"), 1)
	// The header is the checksum of the original body: the body was damaged.
	crc := strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10)
	s := &script{answers: []answer{{status: 200, body: corrupt, crc: crc}}}
	page, items := newPage()
	_, err := scriptClient(s).Query(t.Context(), queryIn, ddbjson.WithDecoder(page))
	var ce *ddbjson.ChecksumError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v, want a *ChecksumError", err)
	}
	var de *smithy.DeserializationError
	if !errors.As(err, &de) {
		t.Errorf("error %T is not the SDK's DeserializationError", err)
	}
	if s.calls.Load() != 3 {
		t.Errorf("%d calls, want 3: a damaged body is retried", s.calls.Load())
	}
	if len(items.Items) != 0 {
		t.Errorf("%d items decoded from a damaged body", len(items.Items))
	}
}

func TestErrorAnswerBecomesTheSDKsTypedError(t *testing.T) {
	body := []byte(`{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"customer_id":{"S":"c"},"version":{"N":"4"}}}`)
	s := &script{answers: []answer{{status: 400, body: body}}}
	var res ddbjson.ItemResult
	res.Item = &ddbjson.One[order, *order]{}
	_, err := scriptClient(s).PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String("orders"), Item: map[string]types.AttributeValue{"customer_id": &types.AttributeValueMemberS{Value: "c"}}}, ddbjson.WithDecoder(&res))
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("error %v, want *types.ConditionalCheckFailedException", err)
	}
	if v, ok := ccf.Item["version"].(*types.AttributeValueMemberN); !ok || v.Value != "4" {
		t.Errorf("the exception's item %v", ccf.Item)
	}
	var validation *smithy.GenericAPIError
	s2 := &script{answers: []answer{{status: 400, body: []byte(`{"__type":"com.amazon.coral.validate#ValidationException","message":"bad"}`)}}}
	_, err = scriptClient(s2).Query(t.Context(), queryIn, ddbjson.WithDecoder(&ddbjson.Page{}))
	if !errors.As(err, &validation) || validation.ErrorCode() != "ValidationException" {
		t.Fatalf("error %v, want the SDK's ValidationException", err)
	}
}

// TestSDKShapesRelied tells when a new aws-sdk-go-v2 moves what this
// package relies on: the deserializer's ID in the Deserialize step of every
// operation it serves, the checksum middleware after it, and the 200 answer
// read through a body the SDK leaves to it.
func TestSDKShapesRelied(t *testing.T) {
	ops := map[string]func(*dynamodb.Client) error{
		"Query": func(c *dynamodb.Client) error {
			_, err := c.Query(context.Background(), queryIn)
			return err
		},
		"Scan": func(c *dynamodb.Client) error {
			_, err := c.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String("t")})
			return err
		},
		"GetItem": func(c *dynamodb.Client) error {
			_, err := c.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "v"}}})
			return err
		},
		"PutItem": func(c *dynamodb.Client) error {
			_, err := c.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String("t"), Item: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "v"}}})
			return err
		},
		"UpdateItem": func(c *dynamodb.Client) error {
			_, err := c.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "v"}}})
			return err
		},
		"DeleteItem": func(c *dynamodb.Client) error {
			_, err := c.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "v"}}})
			return err
		},
		"BatchGetItem": func(c *dynamodb.Client) error {
			_, err := c.BatchGetItem(context.Background(), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"t": {Keys: []map[string]types.AttributeValue{{"k": &types.AttributeValueMemberS{Value: "v"}}}}}})
			return err
		},
		"TransactGetItems": func(c *dynamodb.Client) error {
			_, err := c.TransactGetItems(context.Background(), &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{{Get: &types.Get{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "v"}}}}}})
			return err
		},
	}
	for name, call := range ops {
		s := &script{answers: []answer{{status: 200, body: []byte(`{}`)}}}
		var ids []string
		inspect := func(o *dynamodb.Options) {
			o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
				// Runs after WithDecoder's option: the stack as the call runs it.
				ids = st.Deserialize.List()
				return nil
			})
		}
		var got []byte
		dec := decoderFunc(func(b []byte) error { got = b; return nil })
		if err := call(scriptClient(s, func(o *dynamodb.Options) { ddbjson.WithDecoder(dec)(o); inspect(o) })); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		pos := map[string]int{}
		for i, id := range ids {
			pos[id] = i + 1
		}
		sdk, mine, crc := pos["OperationDeserializer"], pos[ddbjson.MiddlewareID], pos["DynamoDB:ResponseChecksumValidation"]
		if sdk == 0 || crc == 0 || mine != sdk+1 || crc < mine {
			t.Errorf("%s: the Deserialize step is %v: want OperationDeserializer, then %s, then DynamoDB:ResponseChecksumValidation (an SDK upgrade moved them?)", name, ids, ddbjson.MiddlewareID)
		}
		if string(got) != `{}` {
			t.Errorf("%s: the decoder got %q", name, got)
		}
	}
}

type decoderFunc func([]byte) error

func (f decoderFunc) DecodeResponse(b []byte) error { return f(b) }
