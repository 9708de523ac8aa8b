package benchtest

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Transport is an http.RoundTripper that answers every request of an
// operation with the same canned response, as DynamoDB sends it: status 200,
// JSON 1.0 content type, request id and CRC32 headers (which the SDK
// verifies). It reads and discards the request body, as a network transport
// would send it. An operation without a response gets DynamoDB's error for an
// unknown operation.
type Transport struct {
	canned   map[string]canned // by X-Amz-Target
	Requests atomic.Int64      // requests served
	// LastRequest is the body of the last request, when KeepRequests is set.
	KeepRequests bool
	LastRequest  []byte
}

type canned struct {
	body []byte
	crc  string
}

// NewTransport serves body (a Query response in DynamoDB JSON) to every Query.
func NewTransport(body []byte) *Transport {
	t := &Transport{canned: map[string]canned{}}
	t.Serve("Query", body)
	return t
}

// Serve answers every request of operation op (UpdateItem, TransactWriteItems,
// ...) with body.
func (t *Transport) Serve(op string, body []byte) {
	t.canned["DynamoDB_20120810."+op] = canned{body, strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10)}
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		if t.KeepRequests {
			b, err := io.ReadAll(req.Body)
			if err != nil {
				return nil, err
			}
			t.LastRequest = b
		} else if _, err := io.Copy(io.Discard, req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	h := http.Header{
		"Content-Type":     {"application/x-amz-json-1.0"},
		"X-Amzn-Requestid": {"5R9D2J0VQ7J4H1NJS3GQJ1L8ABVV4KQNSO5AEMVJF66Q9ASUAAJG"},
		"Server":           {"Server"},
		"Connection":       {"keep-alive"},
	}
	target := req.Header.Get("X-Amz-Target")
	c, ok := t.canned[target]
	if !ok {
		body := []byte(`{"__type":"com.amazon.coral.service#UnknownOperationException","message":"` + target + `"}`)
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		return &http.Response{StatusCode: http.StatusBadRequest, Status: "400 Bad Request", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
	}
	t.Requests.Add(1)
	h["Content-Length"] = []string{strconv.Itoa(len(c.body))}
	h["X-Amz-Crc32"] = []string{c.crc}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(c.body)), ContentLength: int64(len(c.body)), Request: req,
	}, nil
}

// NewClient returns a DynamoDB client configured as config.LoadDefaultConfig
// configures one in Lambda (region, cached static credentials, SigV4 signing,
// standard retries), sending every request through t.
func NewClient(t http.RoundTripper) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:      "eu-west-1",
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token")),
		HTTPClient:  &http.Client{Transport: t},
	})
}

// OrdersPage returns a Query response of the "status-total-index" index with n
// orders of status "shipped" and a LastEvaluatedKey (the page was cut by the
// request's Limit), in DynamoDB's compact JSON.
func OrdersPage(n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"Count":%d,"Items":[`, n)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		o := PageOrder(i)
		fmt.Fprintf(&b, `{"expires_at":{"N":"%d"},"total":{"N":"%s"},"order_date":{"S":"%s"},"items":{"L":[`,
			o.ExpiresAt, strconv.FormatFloat(o.Total, 'f', -1, 64), o.OrderDate)
		for j, it := range o.Items {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"S":"%s"}`, it)
		}
		fmt.Fprintf(&b, `]},"customer_id":{"S":"%s"},"version":{"N":"%d"},"status":{"S":"%s"}}`, o.CustomerID, o.Version, o.Status)
	}
	last := PageOrder(n - 1)
	fmt.Fprintf(&b, `],"LastEvaluatedKey":{"total":{"N":"%s"},"order_date":{"S":"%s"},"customer_id":{"S":"%s"},"status":{"S":"%s"}},"ScannedCount":%d}`,
		strconv.FormatFloat(last.Total, 'f', -1, 64), last.OrderDate, last.CustomerID, last.Status, n)
	return []byte(b.String())
}

// PageOrder is the i-th order of OrdersPage.
func PageOrder(i int) Order {
	return Order{
		CustomerID: fmt.Sprintf("customer-%04d", 1000+i*7),
		OrderDate:  fmt.Sprintf("2026-%02d-%02dT%02d:%02d:00Z", 1+i%12, 1+i%28, i%24, i%60),
		Status:     "shipped",
		Total:      100 + float64(i)*1.25,
		Items:      []string{"sku-" + strconv.Itoa(i), "sku-" + strconv.Itoa(i+1), "sku-gift-wrap"},
		ExpiresAt:  1795600000 + int64(i)*3600,
		Version:    int64(1 + i%5),
	}
}
