package ddbevents

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// fakeStream is a stream of shards, each a list of records (by event ID) and
// closed or open; DescribeStream returns one shard per page, children first,
// so ReadRecords must order them itself.
type fakeStream struct {
	mu     sync.Mutex
	order  []string // shard IDs as DescribeStream lists them
	parent map[string]string
	recs   map[string][]string
	closed map[string]bool
	calls  int
}

func (f *fakeStream) DescribeStream(_ context.Context, in *dynamodbstreams.DescribeStreamInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := 0
	if s := aws.ToString(in.ExclusiveStartShardId); s != "" {
		for i < len(f.order) && f.order[i] != s {
			i++
		}
		i++
	}
	desc := &types.StreamDescription{StreamArn: in.StreamArn}
	if i < len(f.order) {
		id := f.order[i]
		sh := types.Shard{ShardId: aws.String(id)}
		if p := f.parent[id]; p != "" {
			sh.ParentShardId = aws.String(p)
		}
		desc.Shards = []types.Shard{sh}
		if i+1 < len(f.order) {
			desc.LastEvaluatedShardId = aws.String(id)
		}
	}
	return &dynamodbstreams.DescribeStreamOutput{StreamDescription: desc}, nil
}

func (f *fakeStream) GetShardIterator(_ context.Context, in *dynamodbstreams.GetShardIteratorInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error) {
	if in.ShardIteratorType != types.ShardIteratorTypeTrimHorizon {
		return nil, errors.New("not TRIM_HORIZON")
	}
	return &dynamodbstreams.GetShardIteratorOutput{ShardIterator: aws.String(aws.ToString(in.ShardId) + "|0")}, nil
}

// GetRecords returns at most two records per call.
func (f *fakeStream) GetRecords(_ context.Context, in *dynamodbstreams.GetRecordsInput, _ ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	id, pos, _ := strings.Cut(aws.ToString(in.ShardIterator), "|")
	n, _ := strconv.Atoi(pos)
	recs := f.recs[id][n:]
	if len(recs) > 2 {
		recs = recs[:2]
	}
	out := &dynamodbstreams.GetRecordsOutput{}
	for _, r := range recs {
		out.Records = append(out.Records, types.Record{EventID: aws.String(r)})
	}
	n += len(recs)
	if !f.closed[id] || n < len(f.recs[id]) {
		out.NextShardIterator = aws.String(id + "|" + strconv.Itoa(n))
	}
	return out, nil
}

func (f *fakeStream) add(shard string, ids ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.recs[shard] = append(f.recs[shard], ids...)
}

func ids(recs []types.Record) string {
	var s []string
	for _, r := range recs {
		s = append(s, aws.ToString(r.EventID))
	}
	return strings.Join(s, " ")
}

func TestReadRecordsReadsParentsFirstAndReturnsExtras(t *testing.T) {
	f := &fakeStream{
		order:  []string{"child", "parent", "other"},
		parent: map[string]string{"child": "parent", "parent": "gone"},
		recs:   map[string][]string{"parent": {"p1", "p2", "p3"}, "child": {"c1", "c2"}, "other": {"o1"}},
		closed: map[string]bool{"parent": true},
	}
	got, err := ReadRecords(context.Background(), f, "arn", 5)
	if err != nil {
		t.Fatal(err)
	}
	// All six, though only five were asked for, the parent's before the
	// child's (records of unrelated shards have no order).
	s := ids(got)
	if len(got) != 6 || !strings.Contains(s, "o1") || !strings.Contains(strings.ReplaceAll(s, " o1", ""), "p1 p2 p3 c1 c2") {
		t.Fatalf("records %q", s)
	}
}

func TestReadRecordsWaitsForLateRecords(t *testing.T) {
	f := &fakeStream{order: []string{"s"}, recs: map[string][]string{"s": {"r1"}}}
	go func() {
		time.Sleep(3 * PollInterval)
		f.add("s", "r2", "r3")
	}()
	got, err := ReadRecords(context.Background(), f, "arn", 3)
	if err != nil || ids(got) != "r1 r2 r3" {
		t.Fatalf("records %q, error %v", ids(got), err)
	}
}

func TestReadRecordsGivesUpWhenTheContextEnds(t *testing.T) {
	f := &fakeStream{order: []string{"s"}, recs: map[string][]string{"s": {"r1"}}}
	ctx, cancel := context.WithTimeout(context.Background(), 4*PollInterval)
	defer cancel()
	got, err := ReadRecords(ctx, f, "arn", 2)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "read 1 of 2 records") || ids(got) != "r1" {
		t.Fatalf("records %q, error %v", ids(got), err)
	}
}
