// Command deploy is the example app's Pulumi program. It declares the orders and
// users tables from their generated components and three Lambda functions:
//
//   - api (../handler): linked to orders with full access (the store's reads and writes)
//   - reporter (../reporter): linked to orders read-only
//   - streamer (../streamer): subscribed to the orders table's stream
//
// Run it with `pulumi up` in this directory.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/example/models/infra"
	"github.com/stelviogen/stelviogen/runtime/awsinfra"
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

	api := handler("../handler")
	api.Links = []awsinfra.Link{orders.Link(), users.Link()}
	if _, err := awsinfra.NewFunction(ctx, "api", api); err != nil {
		return err
	}

	reporter := handler("../reporter")
	reporter.Links = []awsinfra.Link{orders.ReadOnlyLink()}
	if _, err := awsinfra.NewFunction(ctx, "reporter", reporter); err != nil {
		return err
	}

	if _, err := orders.Subscribe(ctx, "streamer", awsinfra.SubscriptionArgs{
		Function:         handler("../streamer"),
		StartingPosition: awsinfra.StartTrimHorizon,
		BatchSize:        100,
		Filters:          []string{`{"eventName":["INSERT","MODIFY","REMOVE"]}`},
	}); err != nil {
		return err
	}

	ctx.Export("ordersTable", orders.Name)
	ctx.Export("ordersTableArn", orders.Arn)
	ctx.Export("ordersStreamArn", orders.StreamArn)
	ctx.Export("usersTable", users.Name)
	return nil
}
