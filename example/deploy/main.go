// Command deploy is the example app's Pulumi program: it declares the orders and
// users tables from their generated components. Run it with `pulumi up` in this
// directory.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stelviogen/stelviogen/example/models/infra"
	"github.com/stelviogen/stelviogen/runtime/awsinfra"
)

func main() {
	pulumi.Run(program)
}

// program declares the app's resources; tests run it under Pulumi's mocks.
func program(ctx *pulumi.Context) error {
	orders, err := infra.NewOrderTable(ctx, &awsinfra.TableArgs{PointInTimeRecovery: true})
	if err != nil {
		return err
	}
	users, err := infra.NewUserTable(ctx, nil)
	if err != nil {
		return err
	}
	ctx.Export("ordersTable", orders.Name)
	ctx.Export("ordersTableArn", orders.Arn)
	ctx.Export("ordersStreamArn", orders.StreamArn)
	ctx.Export("usersTable", users.Name)
	return nil
}
