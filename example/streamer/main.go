// Command streamer is a Lambda handler subscribed to the orders table's stream
// (see ../deploy: ReportBatchItemFailures on, expiries filtered in). It
// decodes each change into models.Order with the generated codec and
// publishes status transitions, including expiries by TTL. The generated
// HandleOrderChanges runs the batch: a record that does not decode, or whose
// transition cannot be published, is reported to Lambda, which retries the
// batch from that record; the records before it are not replayed.
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
	Expired               bool // removed by TTL, not by a request
}

// transition is the status change c makes: new orders come from "", removed
// ones go to ""; a change that keeps the status is none.
func transition(c models.OrderChange) (Transition, bool) {
	switch c.EventName {
	case ddb.StreamInsert:
		return Transition{CustomerID: c.New.CustomerID, OrderDate: c.New.OrderDate, To: c.New.Status}, true
	case ddb.StreamModify:
		if c.Old.Status == c.New.Status {
			return Transition{}, false
		}
		return Transition{CustomerID: c.New.CustomerID, OrderDate: c.New.OrderDate, From: c.Old.Status, To: c.New.Status}, true
	case ddb.StreamRemove:
		return Transition{CustomerID: c.Old.CustomerID, OrderDate: c.Old.OrderDate, From: c.Old.Status, Expired: c.Expired}, true
	}
	return Transition{}, false
}

// publish sends a transition on; here it logs it. A real app would call a
// queue or another service, which can fail: its error fails the record.
var publish = func(ctx context.Context, t Transition) error {
	slog.InfoContext(ctx, "order status", "customer", t.CustomerID, "order", t.OrderDate, "from", t.From, "to", t.To, "expired", t.Expired)
	return nil
}

func handle(ctx context.Context, event events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	return models.HandleOrderChanges(ctx, event, func(ctx context.Context, c models.OrderChange) error {
		if t, ok := transition(c); ok {
			return publish(ctx, t)
		}
		return nil
	}), nil
}

func main() {
	lambda.Start(handle)
}
