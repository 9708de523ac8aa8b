// Package coldstart measures the start of a Lambda handler process: from exec
// to its first request for an invocation (the end of its init phase) and to
// its first response. It builds example/handler and internal/benchtest/rawhandler
// (the same handler on the raw SDK) for linux/amd64 as they are built for
// Lambda, and runs each under a fake Lambda Runtime API on loopback, many times.
package coldstart

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// handlers are the compared binaries: package directory relative to the
// repository root.
var handlers = []struct{ impl, pkg string }{
	{"raw-sdk", "./internal/benchtest/rawhandler"},
	{"stelviogen", "./example/handler"},
}

// event is an API Gateway HTTP API request that both handlers answer without
// calling DynamoDB (400: the body is not an order), so the measurement needs
// no server.
const event = `{"version":"2.0","routeKey":"POST /orders","rawPath":"/orders","headers":{"content-type":"application/json"},"requestContext":{"http":{"method":"POST","path":"/orders"},"requestId":"r1","routeKey":"POST /orders","stage":"$default"},"body":"not json","isBase64Encoded":false}`

var (
	buildOnce sync.Once
	buildDir  string
	binaries  map[string]string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// build compiles every handler with the flags used for Lambda, for the host's
// architecture so it can run here (Lambda itself runs the arm64 build).
func build(tb testing.TB) map[string]string {
	tb.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "coldstart-")
		if err != nil {
			buildErr = err
			return
		}
		buildDir = dir
		binaries = map[string]string{}
		for _, h := range handlers {
			out := filepath.Join(dir, h.impl)
			cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", out, h.pkg)
			cmd.Dir = ".." + string(filepath.Separator) + ".." // the repository root
			cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+runtime.GOARCH, "CGO_ENABLED=0")
			if b, err := cmd.CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", h.pkg, err, b)
				return
			}
			binaries[h.impl] = out
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binaries
}

// runtimeAPI is a fake Lambda Runtime API serving one process: it hands out
// one invocation and records when the process asked for it and when it
// answered. Each run gets its own, on its own port, so a request of a
// previous process still in flight cannot be taken for one of the next.
type runtimeAPI struct {
	addr string
	srv  *http.Server

	mu       sync.Mutex
	id       string    // request id of the current invocation
	nextAt   time.Time // first GET .../invocation/next of the current run
	response chan string
}

func newRuntimeAPI(tb testing.TB, id string) *runtimeAPI {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	api := &runtimeAPI{addr: ln.Addr().String(), id: id, response: make(chan string, 1)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", api.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", api.respond)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", api.respond)
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", api.respond)
	api.srv = &http.Server{Handler: mux}
	go api.srv.Serve(ln)
	return api
}

func (a *runtimeAPI) next(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	first := a.nextAt.IsZero()
	if first {
		a.nextAt = time.Now()
	}
	id := a.id
	a.mu.Unlock()
	if !first { // the process waits for its second invocation until it is killed
		<-r.Context().Done()
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Lambda-Runtime-Aws-Request-Id", id)
	h.Set("Lambda-Runtime-Deadline-Ms", fmt.Sprint(time.Now().Add(30*time.Second).UnixMilli()))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:orders-api")
	h.Set("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	io.WriteString(w, event)
}

func (a *runtimeAPI) respond(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.WriteHeader(http.StatusAccepted)
	select {
	case a.response <- r.URL.Path + " " + string(body):
	default:
	}
}

// run starts bin once under a new runtime API and returns the times from
// exec to the first invocation request and to the response.
func run(tb testing.TB, bin, id string) (toNext, toResponse time.Duration) {
	a := newRuntimeAPI(tb, id)
	defer a.srv.Close()
	cmd := exec.Command(bin)
	cmd.Env = []string{
		"AWS_LAMBDA_RUNTIME_API=" + a.addr,
		"AWS_LAMBDA_FUNCTION_NAME=orders-api",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
		"AWS_REGION=eu-west-1",
		"AWS_DEFAULT_REGION=eu-west-1",
		"AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
		"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
		"AWS_SESSION_TOKEN=session-token",
		"AWS_CONFIG_FILE=/nonexistent/config", // Lambda has no shared config files
		"AWS_SHARED_CREDENTIALS_FILE=/nonexistent/credentials",
		"STLV_ORDERS_TABLE_NAME=dev-orders",
		"STLV_SHOP_TABLE_NAME=dev-shop",
		"TZ=:UTC",
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	var got string
	select {
	case got = <-a.response:
	case <-time.After(10 * time.Second):
		tb.Fatalf("%s: no response within 10s; stderr:\n%s", bin, stderr.String())
	}
	end := time.Now()
	if want := "/2018-06-01/runtime/invocation/" + id + "/response "; !strings.HasPrefix(got, want) || !strings.Contains(got, `"statusCode":400`) {
		tb.Fatalf("%s: got %q, want a 400 response to %s", bin, got, id)
	}
	a.mu.Lock()
	next := a.nextAt
	a.mu.Unlock()
	return next.Sub(begin), end.Sub(begin)
}

// Both handlers start and answer the invocation, or the benchmark measures a
// crash.
func TestHandlersAnswer(t *testing.T) {
	bins := build(t)
	for _, h := range handlers {
		next, resp := run(t, bins[h.impl], "check-"+h.impl)
		if next <= 0 || resp < next {
			t.Fatalf("%s: first next after %v, response after %v", h.impl, next, resp)
		}
	}
}

// BenchmarkColdStart runs each handler process once per iteration. ns/op is
// the whole cycle (exec, init, one invocation, kill); next-ns and resp-ns are
// the medians over the iterations of exec to the first invocation request and
// exec to the first response.
func BenchmarkColdStart(b *testing.B) {
	bins := build(b)
	for _, h := range handlers {
		b.Run("impl="+h.impl, func(b *testing.B) {
			var nexts, resps []time.Duration
			i := 0
			for b.Loop() {
				i++
				next, resp := run(b, bins[h.impl], fmt.Sprintf("%s-%d", h.impl, i))
				nexts = append(nexts, next)
				resps = append(resps, resp)
			}
			b.ReportMetric(float64(median(nexts).Nanoseconds()), "next-ns")
			b.ReportMetric(float64(median(resps).Nanoseconds()), "resp-ns")
		})
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
