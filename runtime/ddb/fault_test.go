package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/internal/faultproxy"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// faultSeed is the seed of the injected faults: STELVIOGEN_FAULT_SEED, or a
// fixed default so a failure can be replayed.
func faultSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(20261125)
	if s := os.Getenv("STELVIOGEN_FAULT_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("STELVIOGEN_FAULT_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("fault seed %d (set STELVIOGEN_FAULT_SEED to replay another)", seed)
	return seed
}

// startProxy starts a fault proxy in front of the local server that disturbs
// only the batch operations, so table set-up and the checks are undisturbed.
func startProxy(t *testing.T, cfg faultproxy.Config) *faultproxy.Proxy {
	t.Helper()
	cfg.Target = ddblocal.Endpoint(t)
	if cfg.Operations == nil {
		cfg.Operations = []string{"BatchWriteItem", "BatchGetItem"}
	}
	p, err := faultproxy.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// throughProxy returns a client of the local server that goes through p.
// sdkAttempts is the SDK's own attempts per call (1: the SDK does not retry,
// so every fault reaches the batch helpers); its backoff is short.
func throughProxy(t *testing.T, p *faultproxy.Proxy, sdkAttempts int) *dynamodb.Client {
	t.Helper()
	base := ddblocal.Client(t)
	return dynamodb.New(base.Options(), func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(p.URL())
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = sdkAttempts
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
		})
	})
}

// fastBackoff keeps the retries of the batch helpers short in tests.
var fastBackoff = ddb.WithBackoff(time.Millisecond, 8*time.Millisecond)

func keysOf(n int, pk string) []map[string]types.AttributeValue {
	keys := make([]map[string]types.AttributeValue, n)
	for i := range keys {
		keys[i] = thingKey(pk, i)
	}
	return keys
}

func dataOf(it map[string]types.AttributeValue) string {
	s, _ := it["data"].(*types.AttributeValueMemberS)
	if s == nil {
		return ""
	}
	return s.Value
}

// errorFaults are the faults that make a call fail.
var errorFaults = []faultproxy.Kind{
	faultproxy.ThroughputExceeded, faultproxy.Throttling, faultproxy.InternalError, faultproxy.Unavailable,
	faultproxy.ResetBefore, faultproxy.ResetAfter, faultproxy.TruncatedAfter,
}

func TestBatchWriteAndGetOf10000ItemsSurvive30PercentFaults(t *testing.T) {
	const n = 10000
	client, table := newTestTable(t, pkSKSchema)
	p := startProxy(t, faultproxy.Config{Seed: faultSeed(t), Rate: 0.3, MaxDelay: 20 * time.Millisecond})
	faulty := throughProxy(t, p, 1)
	start := time.Now()

	reqs := puts(n, "p")
	if err := ddb.BatchWrite(t.Context(), faulty, table, []string{"pk", "sk"}, reqs, fastBackoff); err != nil {
		t.Fatalf("BatchWrite: %v", err)
	}
	writeFaults := p.Total()
	t.Logf("BatchWrite of %d items: %d calls, faults: %s, %v", n, p.Requests("BatchWriteItem"), p.Summary(), time.Since(start).Round(time.Millisecond))

	// Checked without faults: every item is there with its data.
	stored := scanAll(t, client, table)
	lost := 0
	for i := range n {
		if it, ok := stored[fmt.Sprintf("p/%d", i)]; !ok || dataOf(it) != fmt.Sprint("v", i) {
			lost++
		}
	}
	if lost != 0 || len(stored) != n {
		t.Fatalf("after BatchWrite: %d of %d items lost, table holds %d", lost, n, len(stored))
	}

	getStart := time.Now()
	items, err := ddb.BatchGet(t.Context(), faulty, table, []string{"pk", "sk"}, keysOf(n, "p"), false, nil, fastBackoff)
	if err != nil {
		t.Fatalf("BatchGet: %v", err)
	}
	t.Logf("BatchGet of %d keys: %d calls, %d faults, %v", n, p.Requests("BatchGetItem"), p.Total()-writeFaults, time.Since(getStart).Round(time.Millisecond))
	if len(items) != n {
		t.Fatalf("BatchGet returned %d items, want %d", len(items), n)
	}
	for i, it := range items {
		if idOf(it) != fmt.Sprintf("p/%d", i) || dataOf(it) != fmt.Sprint("v", i) {
			t.Fatalf("item %d is %s data %q, want p/%d data v%d", i, idOf(it), dataOf(it), i, i)
		}
	}

	counts := p.Counts()
	t.Logf("faults injected: %s; items lost: 0; total %v", p.Summary(), time.Since(start).Round(time.Millisecond))
	for _, k := range faultproxy.AllKinds {
		if counts[k] == 0 {
			t.Errorf("no %s fault was injected: the run does not prove BatchWrite/BatchGet survive it", k)
		}
	}
	calls := p.Requests("BatchWriteItem") + p.Requests("BatchGetItem")
	if got := float64(p.Total()) / float64(calls); got < 0.22 || got > 0.38 {
		t.Errorf("%d faults in %d calls (%.2f), want about 0.3", p.Total(), calls, got)
	}
}

// The SDK's own retries run first; what they give up on (or what its retry
// quota refuses) still reaches BatchWrite, which carries on.
func TestBatchWriteSurvivesFaultsBehindTheSDKRetries(t *testing.T) {
	const n = 2000
	client, table := newTestTable(t, pkSKSchema)
	p := startProxy(t, faultproxy.Config{Seed: faultSeed(t), Rate: 0.5, Kinds: errorFaults})
	faulty := throughProxy(t, p, 3)
	if err := ddb.BatchWrite(t.Context(), faulty, table, []string{"pk", "sk"}, puts(n, "p"), fastBackoff); err != nil {
		t.Fatalf("BatchWrite: %v", err)
	}
	t.Logf("faults: %s in %d calls", p.Summary(), p.Requests("BatchWriteItem"))
	if got := len(scanAll(t, client, table)); got != n {
		t.Fatalf("table holds %d items, want %d", got, n)
	}
}

// Each failing fault is classified retryable: with WithMaxAttempts(3) and
// every call failing, BatchWrite makes three calls (each of two SDK attempts)
// and reports the last error, rather than failing on the first. A truncated
// response is one the SDK does not retry (it fails to decode the body) but
// BatchWrite does.
func TestBatchWriteRetriesEveryRetryableFault(t *testing.T) {
	for _, kind := range errorFaults {
		t.Run(string(kind), func(t *testing.T) {
			client, table := newTestTable(t, pkSKSchema)
			p := startProxy(t, faultproxy.Config{Seed: faultSeed(t), Rate: 1, Kinds: []faultproxy.Kind{kind}})
			faulty := throughProxy(t, p, 2)
			err := ddb.BatchWrite(t.Context(), faulty, table, []string{"pk", "sk"}, puts(5, "p"), fastBackoff, ddb.WithMaxAttempts(3))
			var bw *ddb.BatchWriteError
			if !errors.As(err, &bw) || !slices.Equal(bw.Unwritten, []int{0, 1, 2, 3, 4}) {
				t.Fatalf("error %v, want *BatchWriteError with all 5 unwritten", err)
			}
			if !strings.Contains(err.Error(), "remain after 3 attempts, the last failed") {
				t.Fatalf("error %q does not say it gave up after 3 attempts", err)
			}
			want := 6 // 3 attempts × 2 SDK attempts
			if kind == faultproxy.TruncatedAfter {
				want = 3
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("error %v does not wrap io.ErrUnexpectedEOF", err)
				}
			}
			if got := p.Requests("BatchWriteItem"); got != want {
				t.Fatalf("%d calls reached the server, want %d", got, want)
			}
			// A fault after the write leaves the items written although the
			// call failed: that is why unwritten means "not confirmed".
			present := len(scanAll(t, client, table))
			if kind == faultproxy.ResetAfter || kind == faultproxy.TruncatedAfter {
				if present != 5 {
					t.Fatalf("%d items present after %s, want 5", present, kind)
				}
			} else if present != 0 {
				t.Fatalf("%d items present after %s, want 0", present, kind)
			}
		})
	}
}

func TestBatchWriteCancelledUnderFaultsReportsExactlyTheUnwritten(t *testing.T) {
	const n = 10000
	client, table := newTestTable(t, pkSKSchema)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// Cancel while the 150th call is in flight, at the proxy.
	p := startProxy(t, faultproxy.Config{Seed: faultSeed(t), Rate: 0.3, MaxDelay: 20 * time.Millisecond,
		OnRequest: func(op string, n int) {
			if op == "BatchWriteItem" && n == 150 {
				cancel()
			}
		}})
	faulty := throughProxy(t, p, 1)
	reqs := puts(n, "p")
	err := ddb.BatchWrite(ctx, faulty, table, []string{"pk", "sk"}, reqs, fastBackoff)
	var bw *ddb.BatchWriteError
	if !errors.As(err, &bw) || !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want *BatchWriteError wrapping context.Canceled", err)
	}
	if len(bw.Unwritten) == 0 || len(bw.Unwritten) == n {
		t.Fatalf("%d unwritten: the cancellation was not midway", len(bw.Unwritten))
	}
	for i := 1; i < len(bw.Unwritten); i++ {
		if bw.Unwritten[i] <= bw.Unwritten[i-1] || bw.Unwritten[i] >= n {
			t.Fatalf("Unwritten is not strictly increasing indices below %d: %v", n, bw.Unwritten)
		}
	}
	p.Wait() // a cancelled call may still be applied: let it land before checking
	unwritten := map[int]bool{}
	for _, i := range bw.Unwritten {
		unwritten[i] = true
	}

	stored := scanAll(t, client, table)
	silentlyDropped, presentButReported := 0, 0
	for i := range n {
		_, ok := stored[fmt.Sprintf("p/%d", i)]
		switch {
		case !unwritten[i] && !ok:
			silentlyDropped++
		case unwritten[i] && ok:
			presentButReported++
		}
	}
	// Only the chunk in flight (at most 25 requests) may have been applied
	// unconfirmed: by a fault after the write, or by the cancelled call.
	tail := bw.Unwritten[min(ddb.MaxBatchWrite, len(bw.Unwritten)):]
	for _, i := range tail {
		if _, ok := stored[fmt.Sprintf("p/%d", i)]; ok {
			t.Errorf("request %d is present although no call for it was confirmed or in flight", i)
		}
	}
	t.Logf("cancelled after %d calls: %d written, %d reported unwritten, of which %d present (applied, unconfirmed); %d silently dropped; faults: %s",
		p.Requests("BatchWriteItem"), n-len(bw.Unwritten), len(bw.Unwritten), presentButReported, silentlyDropped, p.Summary())
	if silentlyDropped != 0 {
		t.Fatalf("%d requests not in Unwritten are missing from the table", silentlyDropped)
	}
	if presentButReported > ddb.MaxBatchWrite {
		t.Fatalf("%d unwritten requests are present, more than one chunk", presentButReported)
	}
}

func TestBatchGetCancelledUnderFaultsReportsExactlyTheUnread(t *testing.T) {
	const n = 3000
	client, table := newTestTable(t, pkSKSchema)
	if err := ddb.BatchWrite(t.Context(), client, table, []string{"pk", "sk"}, puts(n, "p")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	p := startProxy(t, faultproxy.Config{Seed: faultSeed(t), Rate: 0.3, MaxDelay: 20 * time.Millisecond,
		OnRequest: func(op string, n int) {
			if op == "BatchGetItem" && n == 20 {
				cancel()
			}
		}})
	faulty := throughProxy(t, p, 1)
	items, err := ddb.BatchGet(ctx, faulty, table, []string{"pk", "sk"}, keysOf(n, "p"), false, nil, fastBackoff)
	var bg *ddb.BatchGetError
	if !errors.As(err, &bg) || !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want *BatchGetError wrapping context.Canceled", err)
	}
	read := map[string]bool{}
	for _, it := range items {
		read[idOf(it)] = true
	}
	var want []int
	for i := range n {
		if !read[fmt.Sprintf("p/%d", i)] {
			want = append(want, i)
		}
	}
	if !slices.Equal(bg.Unread, want) {
		t.Fatalf("Unread (%d keys) differs from the keys not returned (%d)", len(bg.Unread), len(want))
	}
	if len(items) == 0 || len(want) == 0 {
		t.Fatalf("%d read, %d unread: the cancellation was not midway", len(items), len(want))
	}
	t.Logf("cancelled: %d read, %d unread; faults: %s", len(items), len(want), p.Summary())
}

// A non-retryable error ends the batch on its first call, with exactly the
// requests from the failing chunk on reported unwritten.
func TestBatchWriteFailsFastOnNonRetryableErrors(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	p := startProxy(t, faultproxy.Config{Seed: faultSeed(t), Rate: 0})
	faulty := throughProxy(t, p, 3)

	t.Run("validation", func(t *testing.T) {
		reqs := puts(60, "v")
		reqs[30].PutRequest.Item["sk"] = ddb.S("not a number") // sk is N
		before := p.Requests("BatchWriteItem")
		start := time.Now()
		err := ddb.BatchWrite(t.Context(), faulty, table, []string{"pk", "sk"}, reqs, ddb.WithBackoff(time.Second, 5*time.Second))
		var bw *ddb.BatchWriteError
		if !errors.As(err, &bw) {
			t.Fatalf("error %v, want *BatchWriteError", err)
		}
		var want []int
		for i := 25; i < 60; i++ {
			want = append(want, i)
		}
		if !slices.Equal(bw.Unwritten, want) {
			t.Fatalf("Unwritten %v, want 25..59", bw.Unwritten)
		}
		if !strings.Contains(err.Error(), "ValidationException") {
			t.Fatalf("error %q does not carry the ValidationException", err)
		}
		if calls := p.Requests("BatchWriteItem") - before; calls != 2 {
			t.Fatalf("%d calls, want 2 (one per chunk, no retry)", calls)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Fatalf("took %v: it waited before failing", d)
		}
		stored := scanAll(t, client, table)
		for i := range 25 {
			if _, ok := stored[fmt.Sprintf("v/%d", i)]; !ok {
				t.Fatalf("request %d of the first chunk is missing", i)
			}
		}
	})

	t.Run("table not found", func(t *testing.T) {
		before := p.Requests("BatchWriteItem")
		err := ddb.BatchWrite(t.Context(), faulty, table+"-missing", []string{"pk", "sk"}, puts(3, "m"), ddb.WithBackoff(time.Second, 5*time.Second))
		var bw *ddb.BatchWriteError
		var rnf *types.ResourceNotFoundException
		if !errors.As(err, &bw) || !slices.Equal(bw.Unwritten, []int{0, 1, 2}) || !errors.As(err, &rnf) {
			t.Fatalf("error %v, want *BatchWriteError of all 3 wrapping ResourceNotFoundException", err)
		}
		if calls := p.Requests("BatchWriteItem") - before; calls != 1 {
			t.Fatalf("%d calls, want 1", calls)
		}
	})

	t.Run("get table not found", func(t *testing.T) {
		before := p.Requests("BatchGetItem")
		_, err := ddb.BatchGet(t.Context(), faulty, table+"-missing", []string{"pk", "sk"}, keysOf(3, "m"), false, nil, ddb.WithBackoff(time.Second, 5*time.Second))
		var bg *ddb.BatchGetError
		var rnf *types.ResourceNotFoundException
		if !errors.As(err, &bg) || !slices.Equal(bg.Unread, []int{0, 1, 2}) || !errors.As(err, &rnf) {
			t.Fatalf("error %v, want *BatchGetError of all 3 wrapping ResourceNotFoundException", err)
		}
		if calls := p.Requests("BatchGetItem") - before; calls != 1 {
			t.Fatalf("%d calls, want 1", calls)
		}
	})
}

// When ctx ends while waiting to retry a failed call, the error says both.
func TestBatchWriteCancelledWhileBackingOffKeepsTheLastError(t *testing.T) {
	_, table := newTestTable(t, pkSKSchema)
	p := startProxy(t, faultproxy.Config{Seed: faultSeed(t), Rate: 1, Kinds: []faultproxy.Kind{faultproxy.ThroughputExceeded}})
	faulty := throughProxy(t, p, 1)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cancelOnWait := ddb.WithSleep(func(ctx context.Context, _ time.Duration) error {
		cancel()
		return ctx.Err()
	})
	err := ddb.BatchWrite(ctx, faulty, table, []string{"pk", "sk"}, puts(3, "p"), cancelOnWait)
	var bw *ddb.BatchWriteError
	var pte *types.ProvisionedThroughputExceededException
	if !errors.As(err, &bw) || !slices.Equal(bw.Unwritten, []int{0, 1, 2}) {
		t.Fatalf("error %v, want *BatchWriteError with all 3 unwritten", err)
	}
	if !errors.Is(err, context.Canceled) || !errors.As(err, &pte) {
		t.Fatalf("error %v does not wrap both context.Canceled and the throttling error", err)
	}
	if got := p.Requests("BatchWriteItem"); got != 1 {
		t.Fatalf("%d calls, want 1", got)
	}
}
