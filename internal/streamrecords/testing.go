// Package streamrecords reads a table's DynamoDB stream on the local server
// (see scripts/test.sh) as the Lambda event a subscribed function receives, for
// the project's tests. The work is done by the public runtime/ddbevents.
package streamrecords

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/runtime/ddbevents"
)

// Timeout bounds how long Read waits for the records it expects.
const Timeout = 30 * time.Second

// Read reads the stream of table through the server, region and credentials
// of client (the local server, see internal/ddblocal) from its start until it
// holds want records, and returns them as the records of the Lambda event a
// subscribed function receives (see ddbevents.FromStreamRecord). It fails the
// test when fewer than want records arrive within Timeout; records beyond want
// are returned, for the caller to notice.
func Read(t testing.TB, client *dynamodb.Client, table string, want int) []events.DynamoDBEventRecord {
	t.Helper()
	return Event(t, client, table, want).Records
}

// Event is Read returning the records as one Lambda event, the batch a
// subscribed function is invoked with.
func Event(t testing.TB, client *dynamodb.Client, table string, want int) events.DynamoDBEvent {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), Timeout)
	defer cancel()
	ev, err := ddbevents.ReadEvent(ctx, client, table, want)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// StreamARN returns the ARN of the table's current stream.
func StreamARN(ctx context.Context, client ddbevents.DescribeTableAPI, table string) (string, error) {
	return ddbevents.StreamARN(ctx, client, table)
}
