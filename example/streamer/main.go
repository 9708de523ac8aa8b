// Command streamer is a Lambda handler subscribed to the orders table's stream:
// it decodes each change into models.Order with the generated codec and logs
// status transitions. A record that does not decode fails the batch, so Lambda
// retries it instead of dropping it.
package main

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// Transition is a change of an order's status.
type Transition struct {
	CustomerID, OrderDate string
	From, To              string
}

// transitions decodes a stream batch and returns the status changes in it:
// new orders (from ""), changed statuses, and removed orders (to "").
func transitions(event events.DynamoDBEvent) ([]Transition, error) {
	var out []Transition
	for _, r := range event.Records {
		c, err := models.DecodeOrderChange(r)
		if err != nil {
			return nil, err
		}
		var t Transition
		switch c.EventName {
		case ddb.StreamInsert:
			t = Transition{CustomerID: c.New.CustomerID, OrderDate: c.New.OrderDate, To: c.New.Status}
		case ddb.StreamModify:
			if c.Old.Status == c.New.Status {
				continue
			}
			t = Transition{CustomerID: c.New.CustomerID, OrderDate: c.New.OrderDate, From: c.Old.Status, To: c.New.Status}
		case ddb.StreamRemove:
			t = Transition{CustomerID: c.Old.CustomerID, OrderDate: c.Old.OrderDate, From: c.Old.Status}
		}
		out = append(out, t)
	}
	return out, nil
}

func handle(ctx context.Context, event events.DynamoDBEvent) error {
	ts, err := transitions(event)
	if err != nil {
		return err
	}
	for _, t := range ts {
		slog.InfoContext(ctx, "order status", "customer", t.CustomerID, "order", t.OrderDate, "from", t.From, "to", t.To)
	}
	return nil
}

func main() {
	lambda.Start(handle)
}
