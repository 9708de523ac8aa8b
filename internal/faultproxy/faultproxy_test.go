package faultproxy_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/internal/faultproxy"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// setup creates a table keyed by id (S) on the local server and a proxy with
// every batch call getting fault kind; it returns a direct client, a client
// through the proxy (the SDK does not retry) and the table name.
func setup(t *testing.T, kind faultproxy.Kind) (*dynamodb.Client, *dynamodb.Client, *faultproxy.Proxy, string) {
	t.Helper()
	direct := ddblocal.Client(t)
	table := ddblocal.UniqueTableName(t, "fault")
	schema := ddb.TableSchema{Name: "fault", PK: ddb.KeyAttr{Name: "id", Type: types.ScalarAttributeTypeS}}
	if err := ddb.CreateTable(t.Context(), direct, schema, table); err != nil {
		t.Fatal(err)
	}
	// Waiting for the deletion keeps it from overlapping the next test's set-up.
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), direct, table); err != nil {
			t.Error(err)
		}
	})
	p, err := faultproxy.Start(faultproxy.Config{Target: ddblocal.Endpoint(t), Seed: 7, Rate: 1,
		Kinds: []faultproxy.Kind{kind}, Operations: []string{"BatchWriteItem", "BatchGetItem"}, MaxDelay: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	faulty := dynamodb.New(direct.Options(), func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(p.URL())
		o.RetryMaxAttempts = 1
	})
	return direct, faulty, p, table
}

func writes(n int) []types.WriteRequest {
	out := make([]types.WriteRequest, n)
	for i := range out {
		out[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{
			"id": &types.AttributeValueMemberS{Value: fmt.Sprint("k", i)}}}}
	}
	return out
}

func ids(t *testing.T, c *dynamodb.Client, table string) []string {
	t.Helper()
	out, err := c.Scan(t.Context(), &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, it := range out.Items {
		s = append(s, it["id"].(*types.AttributeValueMemberS).Value)
	}
	slices.Sort(s)
	return s
}

func idsOfWrites(reqs []types.WriteRequest) []string {
	var s []string
	for _, r := range reqs {
		s = append(s, r.PutRequest.Item["id"].(*types.AttributeValueMemberS).Value)
	}
	slices.Sort(s)
	return s
}

func batchWrite(t *testing.T, c *dynamodb.Client, table string, reqs []types.WriteRequest) (*dynamodb.BatchWriteItemOutput, error) {
	return c.BatchWriteItem(t.Context(), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}})
}

func TestErrorFaultsLookLikeDynamoDBErrors(t *testing.T) {
	cases := []struct {
		kind    faultproxy.Kind
		check   func(error) bool
		written bool
	}{
		{faultproxy.ThroughputExceeded, func(err error) bool {
			var e *types.ProvisionedThroughputExceededException
			return errors.As(err, &e)
		}, false},
		{faultproxy.Throttling, func(err error) bool {
			var e smithy.APIError
			return errors.As(err, &e) && e.ErrorCode() == "ThrottlingException"
		}, false},
		{faultproxy.InternalError, func(err error) bool {
			var e *types.InternalServerError
			return errors.As(err, &e)
		}, false},
		{faultproxy.Unavailable, func(err error) bool {
			var e interface{ HTTPStatusCode() int }
			return errors.As(err, &e) && e.HTTPStatusCode() == 503
		}, false},
		{faultproxy.ResetBefore, func(err error) bool { return errContains(err, "connection reset") }, false},
		{faultproxy.ResetAfter, func(err error) bool { return errContains(err, "connection reset") }, true},
		{faultproxy.TruncatedAfter, func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }, true},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			direct, faulty, p, table := setup(t, c.kind)
			reqs := writes(3)
			_, err := batchWrite(t, faulty, table, reqs)
			if err == nil || !c.check(err) {
				t.Fatalf("error %v is not the expected %s error", err, c.kind)
			}
			got := ids(t, direct, table)
			if c.written != (len(got) == 3) || (!c.written && len(got) != 0) {
				t.Fatalf("table holds %v after %s; written=%v expected", got, c.kind, c.written)
			}
			if p.Counts()[c.kind] != 1 || p.Total() != 1 {
				t.Fatalf("counts %s, want one %s", p.Summary(), c.kind)
			}
			// Other operations pass undisturbed.
			if _, err := faulty.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String(table)}); err != nil {
				t.Fatalf("DescribeTable through the proxy: %v", err)
			}
		})
	}
}

func TestUnprocessedWriteIsNotWritten(t *testing.T) {
	direct, faulty, p, table := setup(t, faultproxy.Unprocessed)
	reqs := writes(25)
	out, err := batchWrite(t, faulty, table, reqs)
	if err != nil {
		t.Fatal(err)
	}
	left := out.UnprocessedItems[table]
	if len(left) == 0 || len(left) > 25 {
		t.Fatalf("%d unprocessed, want between 1 and 25", len(left))
	}
	// Written plus unprocessed is exactly the request, without overlap.
	got := append(ids(t, direct, table), idsOfWrites(left)...)
	slices.Sort(got)
	if !slices.Equal(got, idsOfWrites(reqs)) {
		t.Fatalf("written + unprocessed = %v, want each request once", got)
	}
	if p.Counts()[faultproxy.Unprocessed] != 1 {
		t.Fatalf("counts %s", p.Summary())
	}
}

func TestWrittenButUnprocessedIsWritten(t *testing.T) {
	direct, faulty, _, table := setup(t, faultproxy.WrittenButUnprocessed)
	reqs := writes(25)
	out, err := batchWrite(t, faulty, table, reqs)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(out.UnprocessedItems[table]); n == 0 {
		t.Fatal("nothing reported unprocessed")
	}
	if got := ids(t, direct, table); !slices.Equal(got, idsOfWrites(reqs)) {
		t.Fatalf("table holds %v, want all 25", got)
	}
}

func TestUnprocessedGetHandsBackOnlyRemovedKeys(t *testing.T) {
	direct, faulty, _, table := setup(t, faultproxy.Unprocessed)
	reqs := writes(40)
	for _, part := range [][]types.WriteRequest{reqs[:20], reqs[20:]} {
		if _, err := batchWrite(t, direct, table, part); err != nil {
			t.Fatal(err)
		}
	}
	var keys []map[string]types.AttributeValue
	for i := range 50 { // 10 without an item
		keys = append(keys, map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: fmt.Sprint("k", i)}})
	}
	out, err := faulty.BatchGetItem(t.Context(), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
		table: {Keys: keys, ProjectionExpression: aws.String("#i"), ExpressionAttributeNames: map[string]string{"#i": "id"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, it := range out.Responses[table] {
		seen[it["id"].(*types.AttributeValueMemberS).Value]++
	}
	u := out.UnprocessedKeys[table]
	if len(u.Keys) == 0 {
		t.Fatal("no unprocessed keys")
	}
	if aws.ToString(u.ProjectionExpression) != "#i" || u.ExpressionAttributeNames["#i"] != "id" {
		t.Fatalf("unprocessed keys lost the request's projection: %+v", u)
	}
	for _, k := range u.Keys {
		seen[k["id"].(*types.AttributeValueMemberS).Value]++
	}
	// Every existing item comes back exactly once: returned or unprocessed.
	for i := range 40 {
		if n := seen[fmt.Sprint("k", i)]; n != 1 {
			t.Fatalf("k%d seen %d times, want 1", i, n)
		}
	}
	if len(seen) != 40 {
		t.Fatalf("%d ids seen, want 40 (no key without an item handed back)", len(seen))
	}
}

func TestSlowDelaysAndStillAnswers(t *testing.T) {
	direct, faulty, p, table := setup(t, faultproxy.Slow)
	var total time.Duration
	for range 10 {
		start := time.Now()
		if _, err := batchWrite(t, faulty, table, writes(2)); err != nil {
			t.Fatal(err)
		}
		total += time.Since(start)
	}
	if p.Counts()[faultproxy.Slow] != 10 || total < 100*time.Millisecond {
		t.Fatalf("10 slow calls took %v (counts %s), want delays averaging about 50ms", total, p.Summary())
	}
	if got := ids(t, direct, table); len(got) != 2 {
		t.Fatalf("table holds %v", got)
	}
}

func TestSameSeedSameFaults(t *testing.T) {
	run := func(seed uint64) map[faultproxy.Kind]int {
		direct := ddblocal.Client(t)
		p, err := faultproxy.Start(faultproxy.Config{Target: ddblocal.Endpoint(t), Seed: seed, Rate: 0.5,
			Kinds: []faultproxy.Kind{faultproxy.Throttling, faultproxy.InternalError, faultproxy.ResetBefore}})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		c := dynamodb.New(direct.Options(), func(o *dynamodb.Options) {
			o.BaseEndpoint = aws.String(p.URL())
			o.RetryMaxAttempts = 1
		})
		for range 40 {
			c.ListTables(t.Context(), &dynamodb.ListTablesInput{Limit: aws.Int32(1)})
		}
		return p.Counts()
	}
	a, b, c := run(1), run(1), run(2)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("seed 1 gave %v then %v", a, b)
	}
	if fmt.Sprint(a) == fmt.Sprint(c) {
		t.Fatalf("seeds 1 and 2 both gave %v", a)
	}
	if n := a[faultproxy.Throttling] + a[faultproxy.InternalError] + a[faultproxy.ResetBefore]; n < 10 || n > 30 {
		t.Fatalf("%d faults in 40 calls at rate 0.5", n)
	}
}

func TestStartRejectsBadConfig(t *testing.T) {
	for _, cfg := range []faultproxy.Config{
		{},
		{Target: "http://127.0.0.1:1", Rate: 1.5},
		{Target: "http://127.0.0.1:1", Kinds: []faultproxy.Kind{}},
	} {
		if p, err := faultproxy.Start(cfg); err == nil {
			p.Close()
			t.Errorf("Start(%+v) succeeded", cfg)
		}
	}
}

func errContains(err error, s string) bool {
	return err != nil && strings.Contains(err.Error(), s)
}
