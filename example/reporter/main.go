// Command reporter is a Lambda handler linked read-only to the orders table: it
// sums the orders of one status above a minimum total through the
// status-total-index. Its store type has no write methods, so this function
// cannot even compile a write.
package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/example/models"
)

// Request asks for a report.
type Request struct {
	Status   string  `json:"status"`
	MinTotal float64 `json:"min_total"`
}

// Report is the answer.
type Report struct {
	Status string  `json:"status"`
	Orders int     `json:"orders"`
	Sum    float64 `json:"sum"`
}

// report reads every matching order, page after page, from the global index.
func report(ctx context.Context, orders models.OrderReadOnlyStore, req Request) (Report, error) {
	if req.Status == "" {
		return Report{}, fmt.Errorf("status is required")
	}
	r := Report{Status: req.Status}
	for o, err := range orders.QueryStatusTotalIndex(req.Status, models.OrderAttrs.Total.Ge(req.MinTotal)).All(ctx) {
		if err != nil {
			return Report{}, err
		}
		r.Orders++
		r.Sum += o.Total
	}
	return r, nil
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	// The read-only link sets STLV_ORDERS_TABLE_NAME; a missing link is a clear error.
	orders, err := models.OpenOrderReadOnlyStore(dynamodb.NewFromConfig(cfg))
	if err != nil {
		panic(err)
	}
	lambda.Start(func(ctx context.Context, req Request) (Report, error) {
		return report(ctx, orders, req)
	})
}
