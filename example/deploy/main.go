// Command deploy is the example app's Pulumi program. It declares the orders,
// users and shop (a single-table design) tables from their generated components
// and three Lambda functions:
//
//   - api (../handler): linked to orders, users and shop with full access (the stores' reads and writes)
//   - reporter (../reporter): linked to orders read-only
//   - streamer (../streamer): subscribed to the orders table's stream, with partial
//     batch responses, bounded retries, an SQS queue for the batches it gives up
//     on, and typed filters
//
// Run it with `pulumi up` in this directory.
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/example/models/infra"
	shopinfra "github.com/stelviogen/stelviogen/example/shop/infra"
	"github.com/stelviogen/stelviogen/runtime/awsinfra"
	sf "github.com/stelviogen/stelviogen/runtime/streamfilter"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error { return program(ctx, nil) })
}

// program declares the app's resources. code, when not nil, supplies each
// handler's archive instead of building it (tests run the program under Pulumi's
// mocks without compiling); nil builds the handler directories for Lambda.
func program(ctx *pulumi.Context, code func(handler string) pulumi.Archive) error {
	handler := func(dir string) awsinfra.FunctionArgs {
		args := awsinfra.FunctionArgs{Handler: dir, MemorySize: 256, Timeout: 10}
		if code != nil {
			args.Handler, args.Code = "", code(dir)
		}
		return args
	}

	orders, err := infra.NewOrderTable(ctx, &awsinfra.TableArgs{PointInTimeRecovery: true})
	if err != nil {
		return err
	}
	users, err := infra.NewUserTable(ctx, nil)
	if err != nil {
		return err
	}

	// One table for every entity of the shop: one link serves all their stores.
	shop, err := shopinfra.NewShopTable(ctx, nil)
	if err != nil {
		return err
	}

	api := handler("../handler")
	api.Links = []awsinfra.Link{orders.Link(), users.Link(), shop.Link()}
	if _, err := awsinfra.NewFunction(ctx, "api", api); err != nil {
		return err
	}

	reporter := handler("../reporter")
	reporter.Links = []awsinfra.Link{orders.ReadOnlyLink()}
	if _, err := awsinfra.NewFunction(ctx, "reporter", reporter); err != nil {
		return err
	}

	// Batches the streamer gives up on (after 10 retries, or records 6 hours old)
	// are described in this queue; the records stay in the stream for 24 hours.
	failures, err := sqs.NewQueue(ctx, "streamer-failures", &sqs.QueueArgs{
		MessageRetentionSeconds: pulumi.Int(14 * 24 * 3600),
	})
	if err != nil {
		return err
	}
	if _, err := orders.Subscribe(ctx, "streamer", awsinfra.SubscriptionArgs{
		Function:         handler("../streamer"),
		StartingPosition: awsinfra.StartTrimHorizon,
		BatchSize:        100,
		// ReportBatchItemFailures is on by default: HandleOrderChanges reports the
		// first failed record, and Lambda retries from there.
		BisectBatchOnFunctionError: true,
		MaximumRetryAttempts:       new(10),
		MaximumRecordAgeInSeconds:  new(6 * 3600),
		OnFailure:                  awsinfra.SQSQueue(failures.Arn),
		Where: []sf.Filter{
			// Orders placed or changed. Every order the API writes has a status (it
			// keys two indexes); an item without one has no transition to publish.
			sf.Match(sf.Events(sf.Insert, sf.Modify), sf.NewImage(sf.Exists(&models.OrderAttrs.Status))),
			// Orders removed, by a request or by TTL: expiries are transitions too.
			sf.Match(sf.Events(sf.Remove), sf.OldImage(sf.Exists(&models.OrderAttrs.Status))),
		},
	}); err != nil {
		return err
	}

	ctx.Export("ordersTable", orders.Name)
	ctx.Export("ordersTableArn", orders.Arn)
	ctx.Export("ordersStreamArn", orders.StreamArn)
	ctx.Export("usersTable", users.Name)
	ctx.Export("shopTable", shop.Name)
	ctx.Export("streamerFailuresQueue", failures.Url)
	return nil
}
