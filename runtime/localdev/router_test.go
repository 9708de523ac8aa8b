package localdev

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// recorder is a handler that keeps the events it receives and answers with
// the route key it was called for.
type recorder struct {
	events []events.APIGatewayV2HTTPRequest
	ctxIDs []string
}

func (r *recorder) handle(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	r.events = append(r.events, ev)
	lc, _ := lambdacontext.FromContext(ctx)
	if lc != nil {
		r.ctxIDs = append(r.ctxIDs, lc.AwsRequestID)
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: ev.RouteKey}, nil
}

func (r *recorder) last(t *testing.T) events.APIGatewayV2HTTPRequest {
	t.Helper()
	if len(r.events) == 0 {
		t.Fatal("the handler was not called")
	}
	return r.events[len(r.events)-1]
}

func newTestRouter(t *testing.T, h HandlerFunc, routes ...string) (*Router, *bytes.Buffer) {
	t.Helper()
	rt, err := NewRouter(h, routes...)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	rt.Log = slog.New(slog.NewTextHandler(&logs, nil))
	return rt, &logs
}

func do(t *testing.T, h http.Handler, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

var exampleRoutes = []string{
	"POST /orders",
	"GET /orders/{customerID}",
	"GET /orders/{customerID}/{orderDate}",
	"PUT /orders/{customerID}/{orderDate}/status",
	"GET /status/{status}",
}

func TestRoutesAndPathParameters(t *testing.T) {
	rec := &recorder{}
	rt, _ := newTestRouter(t, rec.handle, exampleRoutes...)
	for _, c := range []struct {
		method, target, route string
		params                map[string]string
	}{
		{"POST", "/orders", "POST /orders", nil},
		{"GET", "/orders/c1", "GET /orders/{customerID}", map[string]string{"customerID": "c1"}},
		{"GET", "/orders/c1/2026-11-01", "GET /orders/{customerID}/{orderDate}", map[string]string{"customerID": "c1", "orderDate": "2026-11-01"}},
		{"PUT", "/orders/c1/2026-11-01/status", "PUT /orders/{customerID}/{orderDate}/status", map[string]string{"customerID": "c1", "orderDate": "2026-11-01"}},
		// Escaped segments are decoded; an escaped slash stays inside its segment.
		{"GET", "/orders/a%20b%2Fc/x%C3%A9", "GET /orders/{customerID}/{orderDate}", map[string]string{"customerID": "a b/c", "orderDate": "xé"}},
		{"GET", "/status/shipped?min_total=10", "GET /status/{status}", map[string]string{"status": "shipped"}},
	} {
		w := do(t, rt, c.method, c.target, nil)
		if w.Code != 200 || w.Body.String() != c.route {
			t.Errorf("%s %s: %d %q, want route %q", c.method, c.target, w.Code, w.Body, c.route)
			continue
		}
		ev := rec.last(t)
		if ev.RouteKey != c.route || ev.RequestContext.RouteKey != c.route || !reflect.DeepEqual(ev.PathParameters, c.params) {
			t.Errorf("%s %s: route %q / %q, params %v; want %q, %v", c.method, c.target, ev.RouteKey, ev.RequestContext.RouteKey, ev.PathParameters, c.route, c.params)
		}
	}
}

func TestUnknownPathIs404AndWrongMethodIs405(t *testing.T) {
	rec := &recorder{}
	rt, _ := newTestRouter(t, rec.handle, exampleRoutes...)
	for _, c := range []struct {
		method, target string
		status         int
		body, allow    string
	}{
		{"GET", "/nowhere", 404, `{"message":"Not Found"}`, ""},
		{"GET", "/", 404, `{"message":"Not Found"}`, ""},
		{"GET", "/orders/", 404, `{"message":"Not Found"}`, ""}, // a variable is never empty
		{"GET", "/orders//2026", 404, `{"message":"Not Found"}`, ""},
		{"GET", "/orders/c1/2026-11-01/status/x", 404, `{"message":"Not Found"}`, ""},
		{"DELETE", "/orders", 405, `{"message":"Method Not Allowed"}`, "POST"},
		{"GET", "/orders/c1/2026-11-01/status", 405, `{"message":"Method Not Allowed"}`, "PUT"},
		{"POST", "/orders/c1", 405, `{"message":"Method Not Allowed"}`, "GET"},
	} {
		w := do(t, rt, c.method, c.target, nil)
		if w.Code != c.status || w.Body.String() != c.body || w.Header().Get("Allow") != c.allow || w.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%s %s: %d %q Allow %q; want %d %q Allow %q", c.method, c.target, w.Code, w.Body, w.Header().Get("Allow"), c.status, c.body, c.allow)
		}
	}
	if len(rec.events) != 0 {
		t.Errorf("the handler was called for %d unmatched requests", len(rec.events))
	}
}

func TestMostSpecificRouteWins(t *testing.T) {
	rec := &recorder{}
	rt, _ := newTestRouter(t, rec.handle,
		"ANY /files/{path+}", "GET /files/{path+}", "GET /files/{dir}/readme", "GET /files/top/{name}",
		"GET /files/top/readme", "ANY /any", "$default", "GET /")
	for target, want := range map[string]string{
		"GET /files/top/readme":    "GET /files/top/readme",
		"GET /files/top/other":     "GET /files/top/{name}",
		"GET /files/docs/readme":   "GET /files/{dir}/readme",
		"GET /files/a/b/c":         "GET /files/{path+}",
		"GET /files/a":             "GET /files/{path+}",
		"POST /files/a/b":          "ANY /files/{path+}",
		"DELETE /any":              "ANY /any",
		"GET /":                    "GET /",
		"GET /elsewhere":           "$default",
		"POST /files/top/readme":   "ANY /files/{path+}",
		"PATCH /files/docs/readme": "ANY /files/{path+}",
	} {
		method, path, _ := strings.Cut(target, " ")
		if w := do(t, rt, method, path, nil); w.Body.String() != want {
			t.Errorf("%s: route %q, want %q", target, w.Body, want)
		}
	}
	// The greedy variable holds the rest of the path, decoded.
	do(t, rt, "GET", "/files/a/b%20c/d", nil)
	if got := rec.last(t).PathParameters; !reflect.DeepEqual(got, map[string]string{"path": "a/b c/d"}) {
		t.Errorf("greedy variable: %v", got)
	}
	// $default answers what no route takes, wrong methods included.
	rt2, _ := newTestRouter(t, rec.handle, "GET /x", "$default")
	if w := do(t, rt2, "POST", "/x", nil); w.Code != 200 || w.Body.String() != "$default" {
		t.Errorf("POST /x with $default: %d %q", w.Code, w.Body)
	}
	if got := rt2.Routes(); !reflect.DeepEqual(got, []string{"GET /x", "$default"}) {
		t.Errorf("Routes() = %q", got)
	}
}

func TestBadRouteKeys(t *testing.T) {
	h := (&recorder{}).handle
	for _, routes := range [][]string{
		{"/orders"},
		{"FETCH /orders"},
		{"get /orders"},
		{"GET orders"},
		{"GET /orders//x"},
		{"GET /orders/{}"},
		{"GET /orders/{a+}/x"},
		{"GET /orders/x{a}"},
		{"GET /{a}/{a}"},
		{"GET /orders", "GET /orders"},
		{"GET /orders/{a}", "GET /orders/{b}"},
		{"$default", "$default"},
	} {
		if _, err := NewRouter(h, routes...); err == nil {
			t.Errorf("NewRouter(%q) accepted", routes)
		}
	}
	if _, err := NewRouter(nil, "GET /"); err == nil {
		t.Error("NewRouter accepted a nil handler")
	}
}

func TestEventShape(t *testing.T) {
	rec := &recorder{}
	rt, _ := newTestRouter(t, rec.handle, exampleRoutes...)
	w := do(t, rt, "GET", "/status/shipped?min_total=10&tag=a&tag=b&empty=", nil,
		"X-Trace", "one", "X-Trace", "two", "User-Agent", "curl/8.5.0", "Cookie", "a=1; b=2", "Cookie", "c=3")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	ev := rec.last(t)
	if ev.Version != "2.0" || ev.RawPath != "/status/shipped" || ev.RawQueryString != "min_total=10&tag=a&tag=b&empty=" {
		t.Errorf("version %q rawPath %q rawQueryString %q", ev.Version, ev.RawPath, ev.RawQueryString)
	}
	if want := map[string]string{"min_total": "10", "tag": "a,b", "empty": ""}; !reflect.DeepEqual(ev.QueryStringParameters, want) {
		t.Errorf("query %v, want %v", ev.QueryStringParameters, want)
	}
	if ev.Headers["x-trace"] != "one,two" || ev.Headers["user-agent"] != "curl/8.5.0" || ev.Headers["host"] != "example.com" ||
		ev.Headers["x-forwarded-for"] != "192.0.2.1" || ev.Headers["x-forwarded-proto"] != "http" {
		t.Errorf("headers %v", ev.Headers)
	}
	for k := range ev.Headers {
		if k != strings.ToLower(k) || k == "cookie" {
			t.Errorf("header %q", k)
		}
	}
	if !reflect.DeepEqual(ev.Cookies, []string{"a=1", "b=2", "c=3"}) {
		t.Errorf("cookies %q", ev.Cookies)
	}
	rc := ev.RequestContext
	if rc.HTTP.Method != "GET" || rc.HTTP.Path != "/status/shipped" || rc.HTTP.Protocol != "HTTP/1.1" || rc.HTTP.SourceIP != "192.0.2.1" ||
		rc.HTTP.UserAgent != "curl/8.5.0" || rc.Stage != "$default" || rc.APIID != "local" || rc.AccountID != "000000000000" ||
		rc.DomainName != "example.com" || rc.DomainPrefix != "example" || rc.TimeEpoch == 0 || rc.Time == "" || len(rc.RequestID) != 36 {
		t.Errorf("requestContext %+v", rc)
	}
	if len(rec.ctxIDs) != 1 || rec.ctxIDs[0] != rc.RequestID {
		t.Errorf("lambdacontext request IDs %q, want %q", rec.ctxIDs, rc.RequestID)
	}
	if ev.Body != "" || ev.IsBase64Encoded || ev.PathParameters["status"] != "shipped" {
		t.Errorf("body %q base64 %v params %v", ev.Body, ev.IsBase64Encoded, ev.PathParameters)
	}

	// No query string: no parameters at all, as API Gateway sends it.
	do(t, rt, "GET", "/orders/c1", nil)
	if ev := rec.last(t); ev.QueryStringParameters != nil || ev.Cookies != nil || ev.RawQueryString != "" {
		t.Errorf("query %v cookies %v raw %q", ev.QueryStringParameters, ev.Cookies, ev.RawQueryString)
	}
}

func TestBodies(t *testing.T) {
	rec := &recorder{}
	rt, _ := newTestRouter(t, rec.handle, "POST /orders")
	binary := []byte{0x89, 'P', 'N', 'G', 0, 0xff}
	for _, c := range []struct {
		name, contentType string
		body              []byte
		want              string
		base64            bool
	}{
		{"json", "application/json", []byte(`{"CustomerID":"c1"}`), `{"CustomerID":"c1"}`, false},
		{"json with charset", "application/json; charset=utf-8", []byte(`{"a":"é"}`), `{"a":"é"}`, false},
		{"no content type", "", []byte("plain"), "plain", false},
		{"form", "application/x-www-form-urlencoded", []byte("a=1&b=2"), "a=1&b=2", false},
		{"text", "text/csv", []byte("a,b\n1,2\n"), "a,b\n1,2\n", false},
		{"vendor json", "application/vnd.api+json", []byte(`{}`), `{}`, false},
		{"binary", "application/octet-stream", []byte("text, but declared binary"), base64.StdEncoding.EncodeToString([]byte("text, but declared binary")), true},
		{"image", "image/png", binary, base64.StdEncoding.EncodeToString(binary), true},
		{"invalid UTF-8 as JSON", "application/json", binary, base64.StdEncoding.EncodeToString(binary), true},
	} {
		w := do(t, rt, "POST", "/orders", bytes.NewReader(c.body), "Content-Type", c.contentType)
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", c.name, w.Code, w.Body)
		}
		ev := rec.last(t)
		if ev.Body != c.want || ev.IsBase64Encoded != c.base64 {
			t.Errorf("%s: body %q base64 %v, want %q %v", c.name, ev.Body, ev.IsBase64Encoded, c.want, c.base64)
		}
		if c.contentType != "" && ev.Headers["content-type"] != c.contentType {
			t.Errorf("%s: content-type header %q", c.name, ev.Headers["content-type"])
		}
	}
	n := len(rec.events)
	w := do(t, rt, "POST", "/orders", bytes.NewReader(make([]byte, MaxBodyBytes+1)))
	if w.Code != http.StatusRequestEntityTooLarge || len(rec.events) != n {
		t.Errorf("oversized body: %d %s, handler called: %v", w.Code, w.Body, len(rec.events) != n)
	}
}

func TestResponses(t *testing.T) {
	resp := events.APIGatewayV2HTTPResponse{
		StatusCode:        201,
		Headers:           map[string]string{"Content-Type": "image/png", "X-One": "1"},
		MultiValueHeaders: map[string][]string{"X-Many": {"a", "b"}},
		Cookies:           []string{"s=1; HttpOnly", "t=2"},
		Body:              base64.StdEncoding.EncodeToString([]byte{0, 1, 0xff}),
		IsBase64Encoded:   true,
	}
	rt, _ := newTestRouter(t, func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return resp, nil
	}, "GET /x")
	w := do(t, rt, "GET", "/x", nil)
	if w.Code != 201 || !bytes.Equal(w.Body.Bytes(), []byte{0, 1, 0xff}) || w.Header().Get("Content-Type") != "image/png" || w.Header().Get("X-One") != "1" ||
		!reflect.DeepEqual(w.Header().Values("X-Many"), []string{"a", "b"}) || !reflect.DeepEqual(w.Header().Values("Set-Cookie"), []string{"s=1; HttpOnly", "t=2"}) {
		t.Errorf("%d %q %v", w.Code, w.Body.Bytes(), w.Header())
	}
}

// A handler error, a panic and a response API Gateway rejects are 500s, logged.
func TestHandlerFailuresAre500(t *testing.T) {
	for _, c := range []struct {
		name string
		h    HandlerFunc
		log  string
	}{
		{"error", func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			return events.APIGatewayV2HTTPResponse{StatusCode: 200}, errors.New("table gone")
		}, "table gone"},
		{"panic", func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			var m map[string]int
			m["x"]++
			return events.APIGatewayV2HTTPResponse{}, nil
		}, "panic: assignment to entry in nil map"},
		{"no status", func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			return events.APIGatewayV2HTTPResponse{Body: "x"}, nil
		}, "status code 0"},
		{"bad base64", func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: "not base64!", IsBase64Encoded: true}, nil
		}, "not base64"},
	} {
		rt, logs := newTestRouter(t, c.h, "GET /x")
		w := do(t, rt, "GET", "/x", nil)
		if w.Code != 500 || w.Body.String() != `{"message":"Internal Server Error"}` {
			t.Errorf("%s: %d %q", c.name, w.Code, w.Body)
		}
		if !strings.Contains(logs.String(), c.log) {
			t.Errorf("%s: log does not say %q:\n%s", c.name, c.log, logs)
		}
	}
}

func TestRequestsAreLogged(t *testing.T) {
	rt, logs := newTestRouter(t, (&recorder{}).handle, exampleRoutes...)
	do(t, rt, "GET", "/orders/c1?limit=10", nil)
	do(t, rt, "GET", "/nowhere", nil)
	for _, want := range []string{
		`path="/orders/c1?limit=10" route="GET /orders/{customerID}" status=200`,
		`path=/nowhere route="" status=404`,
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}

// The event survives the JSON trip to a deployed function unchanged: what the
// handler gets here is what it would decode from API Gateway's JSON.
func TestEventIsValidLambdaJSON(t *testing.T) {
	rec := &recorder{}
	rt, _ := newTestRouter(t, rec.handle, exampleRoutes...)
	do(t, rt, "PUT", "/orders/c1/2026-11-01/status?x=1", strings.NewReader(`{"status":"shipped","version":1}`), "Content-Type", "application/json")
	ev := rec.last(t)
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	var back events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, ev) {
		t.Errorf("JSON round trip changed the event:\n%+v\n%+v", ev, back)
	}
}
