package awsinfratest_test

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/example/models/infra"
	"github.com/stelviogen/stelviogen/runtime/awsinfra"
	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
)

// An infra test: run the program under the mocks, then look at what it
// declared, with the ARNs AWS would give (in a test, awsinfratest.Run(t, ...)
// and mocks.One(t, ...) fail the test instead of returning errors).
func Example() {
	code := pulumi.NewAssetArchive(map[string]any{"bootstrap": pulumi.NewStringAsset("#!/bin/sh\n")}) // prebuilt, no go build
	mocks, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
		orders, err := infra.NewOrderTable(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := awsinfra.NewFunction(ctx, "reporter", awsinfra.FunctionArgs{Code: code, Links: []awsinfra.Link{orders.ReadOnlyLink()}}); err != nil {
			return err
		}
		failures, err := sns.NewTopic(ctx, "failures", nil)
		if err != nil {
			return err
		}
		_, err = orders.Subscribe(ctx, "streamer", awsinfra.SubscriptionArgs{
			Function:  awsinfra.FunctionArgs{Code: code},
			OnFailure: awsinfra.SNSTopic(failures.Arn),
		})
		return err
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	table, _ := mocks.Find(awsinfratest.TokTable, "orders")
	fmt.Println(table.Inputs["name"].StringValue())
	reporter, _ := mocks.Find(awsinfratest.TokRolePolicy, "reporter-links")
	fmt.Println(reporter.Inputs["policy"].StringValue())
	mapping, _ := mocks.Find(awsinfratest.TokMapping, "streamer-mapping")
	fmt.Println(mapping.Inputs["eventSourceArn"].StringValue())
	fmt.Println(mapping.Inputs["destinationConfig"].ObjectValue()["onFailure"].ObjectValue()["destinationArn"].StringValue())
	// Output:
	// app-dev-orders
	// {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders"]},{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders/index/*"]}]}
	// arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders/stream/2026-11-25T08:00:00.000
	// arn:aws:sns:us-east-1:123456789012:failures-0a1b2c3
}
