package ddblocal

import (
	"regexp"
	"strings"
	"testing"
)

// fatalRecorder records Fatalf instead of stopping the test.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Helper() {}
func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.msg = format
	if len(args) > 0 {
		f.msg = strings.ReplaceAll(format, "%s", args[0].(string))
	}
	panic(f) // stop like runtime.Goexit would, without ending this test
}

func TestMissingEndpointFailsAndSaysHowToRun(t *testing.T) {
	t.Setenv(EndpointEnv, "")
	rec := &fatalRecorder{TB: t}
	func() {
		defer func() {
			if r := recover(); r != rec {
				t.Fatalf("Client did not fail the test (recovered %v)", r)
			}
		}()
		Client(rec)
	}()
	for _, want := range []string{EndpointEnv, "scripts/test.sh", "DynamoDB Local"} {
		if !strings.Contains(rec.msg, want) {
			t.Fatalf("message %q does not name %s", rec.msg, want)
		}
	}
}

func TestClientUsesTheEndpoint(t *testing.T) {
	t.Setenv(EndpointEnv, "http://127.0.0.1:1")
	c := Client(t)
	if got := *c.Options().BaseEndpoint; got != "http://127.0.0.1:1" {
		t.Fatalf("endpoint %q", got)
	}
	if c.Options().Region != "us-east-1" {
		t.Fatalf("region %q", c.Options().Region)
	}
}

func TestUniqueTableNameIsValidAndUnique(t *testing.T) {
	valid := regexp.MustCompile(`^[A-Za-z0-9_.-]{3,255}$`)
	a, b := UniqueTableName(t, "orders"), UniqueTableName(t, "orders")
	if a == b {
		t.Fatalf("two calls gave %q", a)
	}
	for _, n := range []string{a, b, UniqueTableName(t, strings.Repeat("x", 300))} {
		if !valid.MatchString(n) {
			t.Fatalf("%q is not a valid table name", n)
		}
	}
	if !strings.HasPrefix(a, "orders-TestUniqueTableNameIsValidAndUnique-") {
		t.Fatalf("%q does not start with the base and the test name", a)
	}
}
