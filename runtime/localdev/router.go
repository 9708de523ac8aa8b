package localdev

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// HandlerFunc is a Lambda handler behind an API Gateway HTTP API: it takes the
// event of payload format 2.0 and returns the response API Gateway turns into
// the HTTP response. It is the type of a method such as (*Handler).Handle.
type HandlerFunc func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// MaxBodyBytes is the largest request body the router accepts, API Gateway's
// payload limit (10 MB); a larger one is answered 413.
const MaxBodyBytes = 10 << 20

// Router is an http.Handler that does what an API Gateway HTTP API with a
// Lambda proxy integration (payload format 2.0) does: it matches each request
// against the API's route keys, builds the event the function receives
// (RouteKey, RawPath, RawQueryString, Cookies, Headers with lower-case names,
// QueryStringParameters and PathParameters, Body, IsBase64Encoded,
// RequestContext), calls the handler and writes its response.
//
// Route keys are written as in API Gateway: "$default", or a method (GET, POST,
// PUT, PATCH, DELETE, HEAD, OPTIONS or ANY) and a path whose segments are
// literal, a variable "{name}" (one whole, non-empty segment) or, last, a
// greedy variable "{name+}" (one or more segments). A request matching several
// routes takes the most specific: literal segments before variables, variables
// before a greedy one, a method before ANY; then $default.
//
// Where no route matches, the answer is 404 {"message":"Not Found"}, as API
// Gateway answers; a path that routes declare only for other methods is
// answered 405 {"message":"Method Not Allowed"} with an Allow header instead
// (API Gateway answers 404 there too), to tell a wrong method from a wrong
// path. A handler error or panic, or a response API Gateway would reject, is
// logged and answered 500 {"message":"Internal Server Error"}.
type Router struct {
	handler HandlerFunc
	routes  []*route
	dflt    bool // a $default route is declared

	// Log receives one line per request and the reasons of 500 answers; nil
	// means slog.Default().
	Log *slog.Logger
}

// NewRouter returns a Router serving routes through h. It fails on a
// malformed or repeated route key.
func NewRouter(h HandlerFunc, routes ...string) (*Router, error) {
	if h == nil {
		return nil, errors.New("localdev: nil handler")
	}
	rt := &Router{handler: h}
	seen := map[string]string{}
	for _, key := range routes {
		if key == "$default" {
			if rt.dflt {
				return nil, errors.New("localdev: route $default is declared twice")
			}
			rt.dflt = true
			continue
		}
		r, err := parseRoute(key)
		if err != nil {
			return nil, err
		}
		if prev, ok := seen[r.shape()]; ok {
			return nil, fmt.Errorf("localdev: routes %q and %q match the same requests", prev, key)
		}
		seen[r.shape()] = key
		rt.routes = append(rt.routes, r)
	}
	return rt, nil
}

// Routes returns the route keys the router serves, as declared.
func (rt *Router) Routes() []string {
	out := make([]string, 0, len(rt.routes)+1)
	for _, r := range rt.routes {
		out = append(out, r.key)
	}
	if rt.dflt {
		out = append(out, "$default")
	}
	return out
}

var methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"}

type route struct {
	key    string
	method string
	segs   []segment
}

type segment struct {
	lit    string // a literal segment, or
	param  string // a variable's name
	greedy bool   // {name+}: the rest of the path
}

func parseRoute(key string) (*route, error) {
	method, path, ok := strings.Cut(key, " ")
	if !ok || !slices.Contains(methods, method) {
		return nil, fmt.Errorf("localdev: route %q: want \"$default\" or \"METHOD /path\" with METHOD one of %s", key, strings.Join(methods, ", "))
	}
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("localdev: route %q: the path must start with /", key)
	}
	r := &route{key: key, method: method}
	if path == "/" {
		return r, nil
	}
	names := map[string]bool{}
	parts := strings.Split(path[1:], "/")
	for i, p := range parts {
		switch {
		case p == "":
			return nil, fmt.Errorf("localdev: route %q: empty path segment", key)
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}"):
			name := p[1 : len(p)-1]
			s := segment{param: strings.TrimSuffix(name, "+"), greedy: strings.HasSuffix(name, "+")}
			if s.param == "" || strings.ContainsAny(s.param, "{}+") {
				return nil, fmt.Errorf("localdev: route %q: bad path variable %s", key, p)
			}
			if s.greedy && i != len(parts)-1 {
				return nil, fmt.Errorf("localdev: route %q: the greedy variable %s must be the last segment", key, p)
			}
			if names[s.param] {
				return nil, fmt.Errorf("localdev: route %q: path variable %s appears twice", key, s.param)
			}
			names[s.param] = true
			r.segs = append(r.segs, s)
		case strings.ContainsAny(p, "{}"):
			return nil, fmt.Errorf("localdev: route %q: a path variable must be a whole segment: %s", key, p)
		default:
			r.segs = append(r.segs, segment{lit: p})
		}
	}
	return r, nil
}

// shape is the route with its variables' names left out: two routes of the
// same shape match the same requests.
func (r *route) shape() string {
	var b strings.Builder
	b.WriteString(r.method)
	for _, s := range r.segs {
		switch {
		case s.greedy:
			b.WriteString("/{+}")
		case s.param != "":
			b.WriteString("/{}")
		default:
			b.WriteString("/" + s.lit)
		}
	}
	return b.String()
}

// match returns the path variables when the route's path matches segs (the
// request path's segments, decoded), or ok false.
func (r *route) match(segs []string) (params map[string]string, ok bool) {
	n := len(r.segs)
	if n == 0 {
		return nil, len(segs) == 0
	}
	greedy := r.segs[n-1].greedy
	if len(segs) < n || (!greedy && len(segs) != n) {
		return nil, false
	}
	for i, s := range r.segs {
		switch {
		case s.greedy:
			rest := segs[i:]
			if slices.Contains(rest, "") {
				return nil, false
			}
			params = setParam(params, s.param, strings.Join(rest, "/"))
		case s.param != "":
			if segs[i] == "" {
				return nil, false
			}
			params = setParam(params, s.param, segs[i])
		case s.lit != segs[i]:
			return nil, false
		}
	}
	return params, true
}

func setParam(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// moreSpecific reports whether route a is preferred to route b for a request
// both match: segment by segment, a literal beats a variable, which beats a
// greedy variable; then a method beats ANY.
func moreSpecific(a, b *route) bool {
	rank := func(r *route, i int) int {
		if i >= len(r.segs) {
			return -1
		}
		switch s := r.segs[i]; {
		case s.greedy:
			return 0
		case s.param != "":
			return 1
		}
		return 2
	}
	for i := 0; i < max(len(a.segs), len(b.segs)); i++ {
		if ra, rb := rank(a, i), rank(b, i); ra != rb {
			return ra > rb
		}
	}
	return a.method != "ANY" && b.method == "ANY"
}

// errorBody is the body of API Gateway's own answers.
func errorBody(msg string) string {
	b, _ := json.Marshal(map[string]string{"message": msg})
	return string(b)
}

func (rt *Router) log() *slog.Logger {
	if rt.Log != nil {
		return rt.Log
	}
	return slog.Default()
}

// ServeHTTP routes one request and writes the handler's response.
func (rt *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	start := time.Now()
	status, routeKey := rt.serve(w, req)
	rt.log().Info("request", "method", req.Method, "path", req.URL.RequestURI(), "route", routeKey, "status", status, "duration", time.Since(start).Round(time.Microsecond))
}

func (rt *Router) serve(w http.ResponseWriter, req *http.Request) (status int, routeKey string) {
	segs, err := splitPath(req.URL.EscapedPath())
	if err != nil {
		return writeError(w, http.StatusBadRequest, "Bad Request"), ""
	}
	var best *route
	var params map[string]string
	var allow []string
	for _, r := range rt.routes {
		p, ok := r.match(segs)
		if !ok {
			continue
		}
		if r.method != req.Method && r.method != "ANY" {
			allow = append(allow, r.method)
			continue
		}
		if best == nil || moreSpecific(r, best) {
			best, params = r, p
		}
	}
	switch {
	case best != nil:
		routeKey = best.key
	case rt.dflt:
		routeKey = "$default"
	case len(allow) > 0:
		slices.Sort(allow)
		w.Header().Set("Allow", strings.Join(slices.Compact(allow), ", "))
		return writeError(w, http.StatusMethodNotAllowed, "Method Not Allowed"), ""
	default:
		return writeError(w, http.StatusNotFound, "Not Found"), ""
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return writeError(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large"), routeKey
		}
		return writeError(w, http.StatusBadRequest, "Bad Request"), routeKey
	}
	event := Event(req, routeKey, params, body)
	resp, err := rt.invoke(req.Context(), event)
	if err != nil {
		rt.log().Error("handler failed", "route", routeKey, "requestId", event.RequestContext.RequestID, "error", err)
		return writeError(w, http.StatusInternalServerError, "Internal Server Error"), routeKey
	}
	if err := writeResponse(w, resp); err != nil {
		rt.log().Error("invalid handler response", "route", routeKey, "requestId", event.RequestContext.RequestID, "error", err)
		return writeError(w, http.StatusInternalServerError, "Internal Server Error"), routeKey
	}
	return resp.StatusCode, routeKey
}

// invoke calls the handler as the Lambda runtime would: with the request ID in
// a lambdacontext, and a panic reported as a failed invocation.
func (rt *Router) invoke(ctx context.Context, event events.APIGatewayV2HTTPRequest) (resp events.APIGatewayV2HTTPResponse, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: event.RequestContext.RequestID})
	return rt.handler(ctx, event)
}

// splitPath splits an escaped request path into its decoded segments: "/" has
// none, "/a/b%2Fc" has "a" and "b/c".
func splitPath(escaped string) ([]string, error) {
	escaped = strings.TrimPrefix(escaped, "/")
	if escaped == "" {
		return nil, nil
	}
	segs := strings.Split(escaped, "/")
	for i, s := range segs {
		d, err := url.PathUnescape(s)
		if err != nil {
			return nil, err
		}
		segs[i] = d
	}
	return segs, nil
}

// Event builds the API Gateway HTTP API event (payload format 2.0) of a
// request routed to routeKey with path variables params and body body.
// Header names are lower case and repeated headers and query parameters are
// joined with commas; cookies go to Cookies, not Headers. The body is text
// when its content type is textual (text/*, JSON, XML, JavaScript, form data,
// or none given) and it is valid UTF-8; otherwise it is base64 with
// IsBase64Encoded set. RequestContext names a local API: account
// 000000000000, API ID "local", stage "$default".
func Event(req *http.Request, routeKey string, params map[string]string, body []byte) events.APIGatewayV2HTTPRequest {
	now := time.Now().UTC()
	headers := map[string]string{}
	var cookies []string
	for name, vs := range req.Header {
		name = strings.ToLower(name)
		if name == "cookie" {
			for _, v := range vs {
				for c := range strings.SplitSeq(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						cookies = append(cookies, c)
					}
				}
			}
			continue
		}
		headers[name] = strings.Join(vs, ",")
	}
	headers["host"] = req.Host
	sourceIP := req.RemoteAddr
	if host, _, err := net.SplitHostPort(req.RemoteAddr); err == nil {
		sourceIP = host
	}
	if prev := headers["x-forwarded-for"]; prev != "" {
		headers["x-forwarded-for"] = prev + ", " + sourceIP
	} else {
		headers["x-forwarded-for"] = sourceIP
	}
	headers["x-forwarded-proto"] = "http"
	if req.TLS != nil {
		headers["x-forwarded-proto"] = "https"
	}
	if addr, ok := req.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if _, port, err := net.SplitHostPort(addr.String()); err == nil {
			headers["x-forwarded-port"] = port
		}
	}

	var query map[string]string
	for k, vs := range req.URL.Query() {
		query = setParam(query, k, strings.Join(vs, ","))
	}

	domain := req.Host
	if h, _, err := net.SplitHostPort(domain); err == nil {
		domain = h
	}
	prefix, _, _ := strings.Cut(domain, ".")

	ev := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              routeKey,
		RawPath:               req.URL.EscapedPath(),
		RawQueryString:        req.URL.RawQuery,
		Cookies:               cookies,
		Headers:               headers,
		QueryStringParameters: query,
		PathParameters:        params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:     routeKey,
			AccountID:    "000000000000",
			Stage:        "$default",
			RequestID:    requestID(),
			APIID:        "local",
			DomainName:   domain,
			DomainPrefix: prefix,
			Time:         now.Format("02/Jan/2006:15:04:05 -0700"),
			TimeEpoch:    now.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method:    req.Method,
				Path:      req.URL.Path,
				Protocol:  req.Proto,
				SourceIP:  sourceIP,
				UserAgent: req.UserAgent(),
			},
		},
	}
	if len(body) > 0 {
		if isText(req.Header.Get("Content-Type")) && utf8.Valid(body) {
			ev.Body = string(body)
		} else {
			ev.Body = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
	}
	return ev
}

// isText reports whether a request body of this content type reaches the
// function as text.
func isText(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"):
		return true
	}
	switch mt {
	case "application/json", "application/xml", "application/javascript", "application/x-www-form-urlencoded", "application/graphql", "application/yaml", "application/x-yaml":
		return true
	}
	return false
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// writeResponse writes a handler's response as API Gateway does: its status,
// headers (single and multi-valued), each cookie as a Set-Cookie header and the
// body, decoded from base64 when IsBase64Encoded.
func writeResponse(w http.ResponseWriter, resp events.APIGatewayV2HTTPResponse) error {
	if resp.StatusCode < 100 || resp.StatusCode > 599 {
		return fmt.Errorf("status code %d", resp.StatusCode)
	}
	body := []byte(resp.Body)
	if resp.IsBase64Encoded {
		var err error
		if body, err = base64.StdEncoding.DecodeString(resp.Body); err != nil {
			return fmt.Errorf("IsBase64Encoded, but the body is not base64: %w", err)
		}
	}
	h := w.Header()
	for k, vs := range resp.MultiValueHeaders {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	for k, v := range resp.Headers {
		h.Set(k, v)
	}
	for _, c := range resp.Cookies {
		h.Add("Set-Cookie", c)
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(body)
	return nil
}

func writeError(w http.ResponseWriter, status int, msg string) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, errorBody(msg))
	return status
}
