package ddbjson_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/internal/streamrecords"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

var _ lambda.Handler = ddbjson.StreamHandler(nil)

// TestStreamEventFromRawJSON reads a real stream of DynamoDB Local (inserts,
// a modify, a remove), as Lambda sends it in JSON, both ways: the events
// path (events.DynamoDBEvent, FromStreamImage, UnmarshalItem) and the raw
// one (DecodeStreamEvent, Image.Decode): they must agree on every record.
func TestStreamEventFromRawJSON(t *testing.T) {
	ctx := t.Context()
	event, _ := localStream(t)
	raw, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}

	var seen []ddbjson.StreamRecord
	h := ddbjson.StreamHandler(func(ctx context.Context, recs []ddbjson.StreamRecord) (events.DynamoDBEventResponse, error) {
		seen = recs
		return events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{{ItemIdentifier: recs[len(recs)-1].SequenceNumber}}}, nil
	})
	out, err := h.Invoke(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(event.Records) {
		t.Fatalf("%d records, want %d", len(seen), len(event.Records))
	}
	var resp events.DynamoDBEventResponse
	if err := json.Unmarshal(out, &resp); err != nil || resp.BatchItemFailures[0].ItemIdentifier != event.Records[5].Change.SequenceNumber {
		t.Fatalf("response %s, %v", out, err)
	}
	decode := func(img map[string]events.DynamoDBAttributeValue) *benchtest.Order {
		if img == nil {
			return nil
		}
		item, err := ddb.FromStreamImage(img)
		if err != nil {
			t.Fatal(err)
		}
		var o benchtest.Order
		if err := o.UnmarshalItem(item); err != nil {
			t.Fatal(err)
		}
		return &o
	}
	direct := func(im ddbjson.Image) *benchtest.Order {
		if !im.Present() {
			return nil
		}
		var o order
		if err := im.Decode(&o); err != nil {
			t.Fatal(err)
		}
		return (*benchtest.Order)(&o)
	}
	for i, want := range event.Records {
		got := seen[i]
		keys, _ := ddb.FromStreamImage(want.Change.Keys)
		if got.EventID != want.EventID || got.EventName != want.EventName || got.SequenceNumber != want.Change.SequenceNumber ||
			got.EventSourceARN != want.EventSourceArn || !got.At.Equal(want.Change.ApproximateCreationDateTime.Time) || !reflect.DeepEqual(got.Keys, keys) {
			t.Errorf("record %d: %+v, want %+v", i, got, want)
		}
		if g, w := direct(got.NewImage), decode(want.Change.NewImage); !reflect.DeepEqual(g, w) {
			t.Errorf("record %d new image: %+v, want %+v", i, g, w)
		}
		if g, w := direct(got.OldImage), decode(want.Change.OldImage); !reflect.DeepEqual(g, w) {
			t.Errorf("record %d old image: %+v, want %+v", i, g, w)
		}
	}
	if seen[4].EventName != "MODIFY" || !seen[4].OldImage.Present() || seen[5].NewImage.Present() {
		t.Errorf("modify and remove records: %+v %+v", seen[4], seen[5])
	}
	// A malformed event is an error, not a partial batch.
	if _, err := h.Invoke(ctx, raw[:len(raw)/2]); err == nil {
		t.Error("a truncated event was handled")
	}
}

// localStream writes four orders to a DynamoDB Local table, modifies the
// first and deletes it, and returns the six records of its stream as Lambda
// gets them, with the orders as written.
func localStream(t *testing.T) (events.DynamoDBEvent, []benchtest.Order) {
	t.Helper()
	client, name, orders := localOrders(t, 4)
	ctx := t.Context()
	key := map[string]types.AttributeValue{"customer_id": ddb.S(orders[0].CustomerID), "order_date": ddb.S(orders[0].OrderDate)}
	if _, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(name), Key: key, UpdateExpression: aws.String("SET version = version + :one"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":one": ddb.NInt(1)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(name), Key: key}); err != nil {
		t.Fatal(err)
	}
	return streamrecords.Event(t, client, name, 6), orders
}
