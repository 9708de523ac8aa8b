package ddbevents

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// API is the part of *dynamodbstreams.Client that ReadRecords uses.
type API interface {
	DescribeStream(ctx context.Context, in *dynamodbstreams.DescribeStreamInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.DescribeStreamOutput, error)
	GetShardIterator(ctx context.Context, in *dynamodbstreams.GetShardIteratorInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in *dynamodbstreams.GetRecordsInput, optFns ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error)
}

var _ API = (*dynamodbstreams.Client)(nil)

// DescribeTableAPI is the part of *dynamodb.Client that StreamARN uses.
type DescribeTableAPI interface {
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
}

// PollInterval is how long ReadRecords waits before asking again for records
// it has not read yet.
const PollInterval = 50 * time.Millisecond

// NewStreamsClient returns a DynamoDB Streams client for the server, region and
// credentials of a DynamoDB client: DynamoDB Local answers both APIs on one
// endpoint. The client repairs DynamoDB Local's empty maps in stream records
// (see emptyMapFixer).
func NewStreamsClient(db *dynamodb.Client) *dynamodbstreams.Client {
	o := db.Options()
	var hc dynamodbstreams.HTTPClient = awshttp.NewBuildableClient()
	if o.HTTPClient != nil {
		hc = o.HTTPClient
	}
	return dynamodbstreams.New(dynamodbstreams.Options{
		Region:       o.Region,
		Credentials:  o.Credentials,
		BaseEndpoint: o.BaseEndpoint,
		HTTPClient:   emptyMapFixer{hc},
	})
}

// StreamARN returns the ARN of the table's current stream (DescribeTable's
// LatestStreamArn); a table without a stream is an error.
func StreamARN(ctx context.Context, db DescribeTableAPI, table string) (string, error) {
	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		return "", fmt.Errorf("ddbevents: DescribeTable %s: %w", table, err)
	}
	if out.Table == nil || aws.ToString(out.Table.LatestStreamArn) == "" {
		return "", fmt.Errorf("ddbevents: table %s has no stream", table)
	}
	return aws.ToString(out.Table.LatestStreamArn), nil
}

// ReadEvent reads the stream of table through the server, region and
// credentials of db (DynamoDB Local in tests: DynamoDB and Streams answer on one
// endpoint) from its start until it holds want records (see ReadRecords), and
// returns them as the Lambda event a subscribed function is invoked with (see
// FromStreamRecords). Bound the wait with ctx.
func ReadEvent(ctx context.Context, db *dynamodb.Client, table string, want int) (events.DynamoDBEvent, error) {
	arn, err := StreamARN(ctx, db, table)
	if err != nil {
		return events.DynamoDBEvent{}, err
	}
	recs, err := ReadRecords(ctx, NewStreamsClient(db), arn, want)
	if err != nil {
		return events.DynamoDBEvent{}, err
	}
	return FromStreamRecords(recs, arn)
}

// ReadRecords reads the stream streamARN from its start (TRIM_HORIZON of every
// shard, a shard after its parent) until it has read at least want records,
// polling every PollInterval until ctx ends. Once it has want records it reads
// every open shard once more, so records beyond want are returned too and a
// caller expecting exactly want sees them. When ctx ends first, it returns the
// records read so far with an error saying how many it read.
//
// Records come in stream order within each shard; a table written by one test
// has one shard on DynamoDB Local.
func ReadRecords(ctx context.Context, api API, streamARN string, want int) ([]types.Record, error) {
	r := reader{api: api, arn: streamARN, iters: map[string]*string{}, done: map[string]bool{}}
	for {
		if err := r.pass(ctx); err != nil {
			return r.out, err
		}
		if len(r.out) >= want {
			// One more pass: a record beyond want is then returned, not hidden.
			err := r.pass(ctx)
			return r.out, err
		}
		select {
		case <-ctx.Done():
			return r.out, fmt.Errorf("ddbevents: read %d of %d records of stream %s: %w", len(r.out), want, streamARN, ctx.Err())
		case <-time.After(PollInterval):
		}
	}
}

type reader struct {
	api   API
	arn   string
	iters map[string]*string // next iterator of each shard being read
	done  map[string]bool    // closed shards read to their end
	out   []types.Record
}

// pass lists the stream's shards and reads each readable one until it has
// nothing more for now: shards whose parent is gone or read to its end.
func (r *reader) pass(ctx context.Context) error {
	shards, err := r.shards(ctx)
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, s := range shards {
		listed[aws.ToString(s.ShardId)] = true
	}
	// Shards are visited until none makes progress, so a child whose parent
	// closes during this pass is read in the same pass.
	for progress := true; progress; {
		progress = false
		for _, s := range shards {
			id := aws.ToString(s.ShardId)
			if r.done[id] {
				continue
			}
			if p := aws.ToString(s.ParentShardId); p != "" && listed[p] && !r.done[p] {
				continue
			}
			n, err := r.drain(ctx, id)
			if err != nil {
				return err
			}
			if n > 0 || r.done[id] {
				progress = true
			}
		}
	}
	return nil
}

// drain reads shard id until GetRecords returns no records or the shard ends.
func (r *reader) drain(ctx context.Context, id string) (int, error) {
	it, ok := r.iters[id]
	if !ok {
		out, err := r.api.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{
			StreamArn:         aws.String(r.arn),
			ShardId:           aws.String(id),
			ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
		})
		if err != nil {
			return 0, fmt.Errorf("ddbevents: GetShardIterator %s of %s: %w", id, r.arn, err)
		}
		it = out.ShardIterator
		r.iters[id] = it
	}
	n := 0
	for it != nil {
		out, err := r.api.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it})
		if err != nil {
			return n, fmt.Errorf("ddbevents: GetRecords on shard %s of %s: %w", id, r.arn, err)
		}
		r.out = append(r.out, out.Records...)
		n += len(out.Records)
		it = out.NextShardIterator
		r.iters[id] = it
		if len(out.Records) == 0 {
			break
		}
	}
	if it == nil {
		r.done[id] = true
	}
	return n, nil
}

// shards lists every shard of the stream, following DescribeStream's pages.
func (r *reader) shards(ctx context.Context) ([]types.Shard, error) {
	var shards []types.Shard
	var start *string
	for {
		out, err := r.api.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(r.arn), ExclusiveStartShardId: start})
		if err != nil {
			return nil, fmt.Errorf("ddbevents: DescribeStream %s: %w", r.arn, err)
		}
		if out.StreamDescription == nil {
			return nil, fmt.Errorf("ddbevents: DescribeStream %s: no stream description", r.arn)
		}
		shards = append(shards, out.StreamDescription.Shards...)
		start = out.StreamDescription.LastEvaluatedShardId
		if start == nil {
			return shards, nil
		}
	}
}
