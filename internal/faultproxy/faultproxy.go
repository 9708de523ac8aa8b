// Package faultproxy is a loopback HTTP proxy that sits between a DynamoDB
// client and a real DynamoDB-API server (DynamoDB Local in the tests) and
// disturbs the traffic the way a misbehaving network and an overloaded
// DynamoDB do:
// throttling errors, 5xx errors, dropped connections (before and after the
// request reached the server), truncated responses, slow responses, and
// batch responses that hand back part of the work as UnprocessedItems or
// UnprocessedKeys.
//
// Faults are drawn from a seeded math/rand/v2 source, so a run that sends its
// requests one at a time is reproducible from its seed. Every injected fault
// is counted by kind.
package faultproxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kind is a kind of injected fault.
type Kind string

// The faults the proxy injects. "Before" faults never reach the server;
// "after" faults are applied by the server but the client sees a failure, so
// a client that retries them must be idempotent.
const (
	// ThroughputExceeded answers 400 ProvisionedThroughputExceededException
	// without forwarding.
	ThroughputExceeded Kind = "throughput-exceeded"
	// Throttling answers 400 ThrottlingException without forwarding.
	Throttling Kind = "throttling"
	// InternalError answers 500 InternalServerError without forwarding.
	InternalError Kind = "internal-error"
	// Unavailable answers 503 ServiceUnavailable without forwarding.
	Unavailable Kind = "unavailable"
	// ResetBefore resets the connection (TCP RST) without forwarding.
	ResetBefore Kind = "reset-before"
	// ResetAfter forwards the request, then resets the connection instead of
	// answering: the server applied it, the client saw an error.
	ResetAfter Kind = "reset-after"
	// TruncatedAfter forwards the request, then sends the response headers
	// and half the body and closes the connection (the client reads an
	// unexpected EOF).
	TruncatedAfter Kind = "truncated-after"
	// Slow forwards the request after a random delay up to Config.MaxDelay.
	Slow Kind = "slow"
	// Unprocessed hands back part of a batch as DynamoDB does when throttled:
	// for BatchWriteItem the chosen requests are not forwarded and come back
	// in UnprocessedItems; for BatchGetItem the chosen items are removed from
	// Responses and their keys come back in UnprocessedKeys. Other operations
	// are forwarded untouched (and the fault is not counted).
	Unprocessed Kind = "unprocessed"
	// WrittenButUnprocessed forwards a whole BatchWriteItem, then reports
	// part of it in UnprocessedItems anyway (a retry rewrites applied items).
	WrittenButUnprocessed Kind = "written-but-unprocessed"
)

// AllKinds lists every fault kind.
var AllKinds = []Kind{ThroughputExceeded, Throttling, InternalError, Unavailable, ResetBefore, ResetAfter, TruncatedAfter, Slow, Unprocessed, WrittenButUnprocessed}

// Config configures a Proxy.
type Config struct {
	// Target is the server's base URL, e.g. http://127.0.0.1:8000.
	Target string
	// Seed seeds the fault source.
	Seed uint64
	// Rate is the probability, in [0, 1], that a request gets a fault.
	Rate float64
	// Kinds are the faults to choose from, uniformly; nil means AllKinds.
	Kinds []Kind
	// Operations are the DynamoDB operations (X-Amz-Target without the
	// service prefix, e.g. "BatchWriteItem") that may get faults; nil means
	// every operation.
	Operations []string
	// MaxDelay bounds the delay of a Slow fault; 0 means 50ms.
	MaxDelay time.Duration
	// OnRequest, when set, is called with the operation and its running
	// number (1-based, per operation) as each request arrives.
	OnRequest func(op string, n int)
}

// Proxy is a running fault-injecting proxy.
type Proxy struct {
	cfg    Config
	target string
	ln     net.Listener
	srv    *http.Server
	client *http.Client

	inflight sync.WaitGroup // requests being handled

	mu       sync.Mutex
	rng      *rand.Rand
	rate     float64
	counts   map[Kind]int
	requests map[string]int
}

// Start listens on a free loopback port and proxies to cfg.Target.
func Start(cfg Config) (*Proxy, error) {
	if cfg.Target == "" {
		return nil, errors.New("faultproxy: no target")
	}
	if cfg.Rate < 0 || cfg.Rate > 1 {
		return nil, fmt.Errorf("faultproxy: rate %v out of [0, 1]", cfg.Rate)
	}
	if cfg.Kinds == nil {
		cfg.Kinds = AllKinds
	}
	if len(cfg.Kinds) == 0 {
		return nil, errors.New("faultproxy: no fault kinds")
	}
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = 50 * time.Millisecond
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: %w", err)
	}
	p := &Proxy{
		cfg:      cfg,
		target:   strings.TrimRight(cfg.Target, "/"),
		ln:       ln,
		client:   &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}},
		rng:      rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		rate:     cfg.Rate,
		counts:   map[Kind]int{},
		requests: map[string]int{},
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

// URL returns the proxy's base URL, to use as the client's endpoint.
func (p *Proxy) URL() string { return "http://" + p.ln.Addr().String() }

// SetRate changes the fault rate from the next request on.
func (p *Proxy) SetRate(rate float64) {
	p.mu.Lock()
	p.rate = rate
	p.mu.Unlock()
}

// Counts returns how many faults of each kind were injected so far.
func (p *Proxy) Counts() map[Kind]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[Kind]int, len(p.counts))
	for k, v := range p.counts {
		out[k] = v
	}
	return out
}

// Total returns the number of faults injected so far.
func (p *Proxy) Total() int {
	n := 0
	for _, v := range p.Counts() {
		n += v
	}
	return n
}

// Requests returns how many requests of op arrived so far.
func (p *Proxy) Requests(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests[op]
}

// Summary renders the fault counts, e.g. "reset-after=3 throttling=5 (8 faults)".
func (p *Proxy) Summary() string {
	c := p.Counts()
	kinds := make([]string, 0, len(c))
	total := 0
	for k, v := range c {
		kinds = append(kinds, fmt.Sprintf("%s=%d", k, v))
		total += v
	}
	sort.Strings(kinds)
	return fmt.Sprintf("%s (%d faults)", strings.Join(kinds, " "), total)
}

// Wait waits until every request that has arrived is handled, including its
// forwarding to the target: a request the client gave up on still reaches
// the server, as with a real network, and may still be applied.
func (p *Proxy) Wait() { p.inflight.Wait() }

// Close stops the proxy, closes its connections and waits for the requests
// being handled.
func (p *Proxy) Close() error {
	err := p.srv.Close()
	p.inflight.Wait()
	p.client.CloseIdleConnections()
	return err
}

func (p *Proxy) count(k Kind) {
	p.mu.Lock()
	p.counts[k]++
	p.mu.Unlock()
}

// decide numbers the request and draws its fault ("" for none) and a private
// random source for the fault's details, all from the seeded source.
func (p *Proxy) decide(op string) (Kind, *rand.Rand, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests[op]++
	n := p.requests[op]
	if !p.disturbs(op) || p.rng.Float64() >= p.rate {
		return "", nil, n
	}
	k := p.cfg.Kinds[p.rng.IntN(len(p.cfg.Kinds))]
	return k, rand.New(rand.NewPCG(p.rng.Uint64(), p.rng.Uint64())), n
}

func (p *Proxy) disturbs(op string) bool {
	if p.cfg.Operations == nil {
		return true
	}
	for _, o := range p.cfg.Operations {
		if o == op {
			return true
		}
	}
	return false
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.inflight.Add(1)
	defer p.inflight.Done()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away
	}
	op := r.Header.Get("X-Amz-Target")
	if i := strings.LastIndexByte(op, '.'); i >= 0 {
		op = op[i+1:]
	}
	kind, rng, n := p.decide(op)
	if p.cfg.OnRequest != nil {
		p.cfg.OnRequest(op, n)
	}

	switch kind {
	case "":
		p.pass(w, r, body)
	case ThroughputExceeded:
		p.count(kind)
		writeError(w, http.StatusBadRequest, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
			"The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.")
	case Throttling:
		p.count(kind)
		writeError(w, http.StatusBadRequest, "com.amazon.coral.availability#ThrottlingException", "Rate of requests exceeds the allowed throughput.")
	case InternalError:
		p.count(kind)
		writeError(w, http.StatusInternalServerError, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error")
	case Unavailable:
		p.count(kind)
		writeError(w, http.StatusServiceUnavailable, "com.amazon.coral.availability#ServiceUnavailableException", "Service Unavailable")
	case ResetBefore:
		p.count(kind)
		reset(w)
	case ResetAfter:
		if _, _, _, err := p.forward(r, body); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		p.count(kind)
		reset(w)
	case TruncatedAfter:
		status, hdr, resp, err := p.forward(r, body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		p.count(kind)
		truncate(w, status, hdr, resp)
	case Slow:
		p.count(kind)
		d := time.Duration(rng.Int64N(int64(p.cfg.MaxDelay) + 1))
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
		p.pass(w, r, body)
	case Unprocessed, WrittenButUnprocessed:
		p.partial(w, r, body, op, kind, rng)
	default:
		http.Error(w, "faultproxy: unknown fault "+string(kind), http.StatusInternalServerError)
	}
}

// pass forwards the request and relays the answer unchanged.
func (p *Proxy) pass(w http.ResponseWriter, r *http.Request, body []byte) {
	status, hdr, resp, err := p.forward(r, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	relay(w, status, hdr, resp)
}

// forward sends the request to the target and reads the whole answer. It
// completes even when the client goes away meanwhile: the request has left
// the client, and a server does not learn that its client gave up, so a
// request the client abandoned may still be applied.
func (p *Proxy) forward(r *http.Request, body []byte) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(context.WithoutCancel(r.Context()), r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	for k, v := range r.Header {
		req.Header[k] = v
	}
	req.Header.Del("Content-Length")
	req.ContentLength = int64(len(body))
	res, err := p.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	resp, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, nil, err
	}
	return res.StatusCode, res.Header, resp, nil
}

func relay(w http.ResponseWriter, status int, hdr http.Header, body []byte) {
	for k, v := range hdr {
		if k == "Content-Length" || k == "Connection" || k == "Transfer-Encoding" {
			continue
		}
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// writeError answers like DynamoDB: a JSON body with __type and message, the
// error code also in X-Amzn-ErrorType, and the body's CRC32 in X-Amz-Crc32.
func writeError(w http.ResponseWriter, status int, typ, msg string) {
	body, _ := json.Marshal(map[string]string{"__type": typ, "message": msg})
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("X-Amzn-Errortype", typ[strings.LastIndexByte(typ, '#')+1:]+":")
	h.Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// reset drops the client's connection with a TCP RST.
func reset(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// truncate writes the response line, the headers (with the full
// Content-Length) and half the body, then closes the connection.
func truncate(w http.ResponseWriter, status int, hdr http.Header, body []byte) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	h := hdr.Clone()
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Connection", "close")
	h.Write(buf)
	buf.WriteString("\r\n")
	buf.Write(body[:len(body)/2])
	buf.Flush()
}

// partial applies an Unprocessed or WrittenButUnprocessed fault to a batch
// request; other requests pass untouched.
func (p *Proxy) partial(w http.ResponseWriter, r *http.Request, body []byte, op string, kind Kind, rng *rand.Rand) {
	switch {
	case op == "BatchWriteItem":
		p.partialWrite(w, r, body, kind, rng)
	case op == "BatchGetItem" && kind == Unprocessed:
		p.partialGet(w, r, body, rng)
	default:
		p.pass(w, r, body)
	}
}

// pick chooses a random non-empty subset of n elements (each with
// probability 1/2, at least one).
func pick(rng *rand.Rand, n int) map[int]bool {
	out := map[int]bool{}
	for i := range n {
		if rng.IntN(2) == 0 {
			out[i] = true
		}
	}
	if len(out) == 0 && n > 0 {
		out[rng.IntN(n)] = true
	}
	return out
}

func (p *Proxy) partialWrite(w http.ResponseWriter, r *http.Request, body []byte, kind Kind, rng *rand.Rand) {
	var in map[string]json.RawMessage
	var items map[string][]json.RawMessage
	if json.Unmarshal(body, &in) != nil || json.Unmarshal(in["RequestItems"], &items) != nil {
		p.pass(w, r, body)
		return
	}
	tables := sortedKeys(items)
	forward := map[string][]json.RawMessage{}
	unprocessed := map[string][]json.RawMessage{}
	for _, t := range tables {
		chosen := pick(rng, len(items[t]))
		for i, req := range items[t] {
			if chosen[i] {
				unprocessed[t] = append(unprocessed[t], req)
			}
			if !chosen[i] || kind == WrittenButUnprocessed {
				forward[t] = append(forward[t], req)
			}
		}
	}
	status, hdr, resp := http.StatusOK, http.Header{"Content-Type": {"application/x-amz-json-1.0"}}, []byte("{}")
	if len(forward) > 0 {
		in["RequestItems"], _ = json.Marshal(forward)
		fwd, _ := json.Marshal(in)
		var err error
		status, hdr, resp, err = p.forward(r, fwd)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
	}
	if status != http.StatusOK {
		relay(w, status, hdr, resp)
		return
	}
	var out map[string]json.RawMessage
	if json.Unmarshal(resp, &out) != nil {
		relay(w, status, hdr, resp)
		return
	}
	// Keep whatever the server itself left unprocessed.
	var left map[string][]json.RawMessage
	if raw, ok := out["UnprocessedItems"]; ok {
		json.Unmarshal(raw, &left)
	}
	for t, reqs := range left {
		unprocessed[t] = append(unprocessed[t], reqs...)
	}
	out["UnprocessedItems"], _ = json.Marshal(unprocessed)
	p.count(kind)
	rewritten(w, hdr, out)
}

func (p *Proxy) partialGet(w http.ResponseWriter, r *http.Request, body []byte, rng *rand.Rand) {
	var in map[string]json.RawMessage
	var reqs map[string]map[string]json.RawMessage // table -> KeysAndAttributes
	if json.Unmarshal(body, &in) != nil || json.Unmarshal(in["RequestItems"], &reqs) != nil {
		p.pass(w, r, body)
		return
	}
	status, hdr, resp, err := p.forward(r, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	var out map[string]json.RawMessage
	var responses map[string][]map[string]json.RawMessage
	if status != http.StatusOK || json.Unmarshal(resp, &out) != nil || json.Unmarshal(out["Responses"], &responses) != nil {
		relay(w, status, hdr, resp)
		return
	}
	unprocessed := map[string]map[string]json.RawMessage{}
	if raw, ok := out["UnprocessedKeys"]; ok {
		json.Unmarshal(raw, &unprocessed)
	}
	removed := 0
	for _, t := range sortedKeys(responses) {
		keyAttrs := keyAttributes(reqs[t])
		if len(keyAttrs) == 0 {
			continue
		}
		chosen := pick(rng, len(responses[t]))
		var kept []map[string]json.RawMessage
		var keys []map[string]json.RawMessage
		for i, item := range responses[t] {
			if !chosen[i] {
				kept = append(kept, item)
				continue
			}
			// Only keys whose items are removed are handed back.
			key := map[string]json.RawMessage{}
			for _, a := range keyAttrs {
				key[a] = item[a]
			}
			keys = append(keys, key)
		}
		if len(keys) == 0 {
			continue
		}
		removed += len(keys)
		if kept == nil {
			kept = []map[string]json.RawMessage{}
		}
		responses[t] = kept
		ka := map[string]json.RawMessage{}
		for k, v := range reqs[t] {
			ka[k] = v
		}
		if prev, ok := unprocessed[t]; ok {
			var prevKeys []map[string]json.RawMessage
			json.Unmarshal(prev["Keys"], &prevKeys)
			keys = append(prevKeys, keys...)
		}
		ka["Keys"], _ = json.Marshal(keys)
		unprocessed[t] = ka
	}
	if removed == 0 { // nothing came back, so nothing to hand back
		relay(w, status, hdr, resp)
		return
	}
	out["Responses"], _ = json.Marshal(responses)
	out["UnprocessedKeys"], _ = json.Marshal(unprocessed)
	p.count(Unprocessed)
	rewritten(w, hdr, out)
}

// keyAttributes returns the attribute names of the first requested key.
func keyAttributes(ka map[string]json.RawMessage) []string {
	var keys []map[string]json.RawMessage
	if json.Unmarshal(ka["Keys"], &keys) != nil || len(keys) == 0 {
		return nil
	}
	return sortedKeys(keys[0])
}

// rewritten answers 200 with out as the body and a matching X-Amz-Crc32.
func rewritten(w http.ResponseWriter, hdr http.Header, out map[string]json.RawMessage) {
	body, _ := json.Marshal(out)
	h := hdr.Clone()
	h.Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	relay(w, http.StatusOK, h, body)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
