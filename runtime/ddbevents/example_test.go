package ddbevents_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/runtime/ddbevents"
)

// A stream handler's test: the batch Lambda delivers for three changes of the
// orders table (stream view NEW_AND_OLD_IMAGES), run through the generated
// HandleOrderChanges.
func Example() {
	pending := &models.Order{CustomerID: "c1", OrderDate: "2026-11-01", Status: "pending", Total: 42.5, Version: 1}
	shipped := *pending
	shipped.Status, shipped.Version = "shipped", 2

	ev := ddbevents.MustEvent(models.OrderSchema,
		ddbevents.Insert(pending),
		ddbevents.Modify(pending, &shipped),
		ddbevents.Expire(&shipped), // deleted by TTL
	)
	for _, r := range ev.Records {
		fmt.Println(r.EventName, r.Change.SequenceNumber, r.Change.SizeBytes, r.EventSourceArn)
	}
	resp := models.HandleOrderChanges(context.Background(), ev, func(_ context.Context, c models.OrderChange) error {
		switch {
		case c.Old == nil:
			fmt.Println("new", c.New.Status)
		case c.New == nil:
			fmt.Println("gone", c.Old.Status, "expired:", c.Expired)
		default:
			fmt.Println(c.Old.Status, "->", c.New.Status)
		}
		return nil
	})
	fmt.Println("failures:", len(resp.BatchItemFailures))
	// Output:
	// INSERT 000000000000000000001 96 arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000
	// MODIFY 000000000000000000002 159 arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000
	// REMOVE 000000000000000000003 96 arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000
	// new pending
	// pending -> shipped
	// gone shipped expired: true
	// failures: 0
}

// Items of the DynamoDB API (GetItem's, or built by hand) work through Values;
// a Stream sets the physical table, region, time and sequence numbers.
func ExampleStream() {
	item := ddbevents.Values{
		"customer_id": &types.AttributeValueMemberS{Value: "c1"},
		"order_date":  &types.AttributeValueMemberS{Value: "2026-11-01"},
		"status":      &types.AttributeValueMemberS{Value: "pending"},
	}
	s := ddbevents.Stream{Schema: models.OrderSchema, Table: "shop-prod-orders", Region: "eu-west-1", FirstSequence: 100}
	ev, err := s.Event(ddbevents.Remove(item))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := ev.Records[0]
	fmt.Println(r.EventName, r.AWSRegion, r.Change.SequenceNumber, len(r.Change.Keys), r.Change.OldImage["status"].String())
	fmt.Println(r.EventSourceArn)
	// Output:
	// REMOVE eu-west-1 000000000000000000100 2 pending
	// arn:aws:dynamodb:eu-west-1:123456789012:table/shop-prod-orders/stream/2026-01-01T00:00:00.000
}
