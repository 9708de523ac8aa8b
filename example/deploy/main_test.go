package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
)

func prebuilt(string) pulumi.Archive {
	return pulumi.NewAssetArchive(map[string]any{"bootstrap": pulumi.NewStringAsset("#!/bin/sh\n")})
}

// The policies below are written out by hand: they are the contract.
const (
	ordersArn   = "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders"
	usersArn    = "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-users"
	shopArn     = "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-shop"
	ordersAll   = `{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:BatchWriteItem","dynamodb:ConditionCheckItem","dynamodb:DeleteItem","dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query","dynamodb:Scan","dynamodb:UpdateItem"],"Resource":["` + ordersArn + `"]}`
	ordersIndex = `{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["` + ordersArn + `/index/*"]}`
	usersAll    = `{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:BatchWriteItem","dynamodb:ConditionCheckItem","dynamodb:DeleteItem","dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query","dynamodb:Scan","dynamodb:UpdateItem"],"Resource":["` + usersArn + `"]}`
	usersIndex  = `{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["` + usersArn + `/index/*"]}`
	shopAll     = `{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:BatchWriteItem","dynamodb:ConditionCheckItem","dynamodb:DeleteItem","dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query","dynamodb:Scan","dynamodb:UpdateItem"],"Resource":["` + shopArn + `"]}`
	shopIndex   = `{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["` + shopArn + `/index/*"]}`
	ordersRead  = `{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan"],"Resource":["` + ordersArn + `"]}`
	streamRead  = `{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":["` + ordersArn + `/stream/2026-11-25T08:00:00.000"]}`
	queueArn    = "arn:aws:sqs:us-east-1:123456789012:streamer-failures-0a1b2c3"
	queueSend   = `{"Effect":"Allow","Action":["sqs:SendMessage"],"Resource":["` + queueArn + `"]}`
	policy      = `{"Version":"2012-10-17","Statement":[`
)

// TestProgram runs the example program under Pulumi's mocks and checks the
// tables, each function's exact policy and environment, and the stream mapping.
func TestProgram(t *testing.T) {
	eng := awsinfratest.Run(t, func(ctx *pulumi.Context) error { return program(ctx, prebuilt) })

	var names []string
	for _, d := range eng.ByType(awsinfratest.TokTable) {
		names = append(names, awsinfratest.Str(t, d, "name"))
	}
	if strings.Join(names, ",") != "app-dev-orders,app-dev-shop,app-dev-users" {
		t.Errorf("tables %v, want app-dev-orders, app-dev-shop and app-dev-users", names)
	}

	wantPolicies := map[string]string{
		"api-links":      policy + ordersAll + "," + ordersIndex + "," + usersAll + "," + usersIndex + "," + shopAll + "," + shopIndex + "]}",
		"reporter-links": policy + ordersRead + "," + ordersIndex + "]}",
		"streamer-links": policy + streamRead + "," + queueSend + "]}",
	}
	for name, want := range wantPolicies {
		if got := awsinfratest.Str(t, eng.One(t, awsinfratest.TokRolePolicy, name), "policy"); got != want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}

	wantEnv := map[string]map[string]string{
		"api": {
			"STLV_ORDERS_TABLE_NAME": "app-dev-orders", "STLV_ORDERS_TABLE_ARN": ordersArn,
			"STLV_USERS_TABLE_NAME": "app-dev-users", "STLV_USERS_TABLE_ARN": usersArn,
			"STLV_SHOP_TABLE_NAME": "app-dev-shop", "STLV_SHOP_TABLE_ARN": shopArn,
		},
		"reporter": {"STLV_ORDERS_TABLE_NAME": "app-dev-orders", "STLV_ORDERS_TABLE_ARN": ordersArn},
		"streamer": {},
	}
	for name, want := range wantEnv {
		fn := eng.One(t, awsinfratest.TokFunction, name)
		got := awsinfratest.Env(t, fn)
		if len(got) != len(want) {
			t.Errorf("%s environment %v, want %v", name, got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", name, k, got[k], v)
			}
		}
		if rt := awsinfratest.Str(t, fn, "runtime"); rt != "provided.al2023" {
			t.Errorf("%s runtime %q", name, rt)
		}
	}

	// The stream mapping, input by input: nothing is sent that the program did not
	// ask for, and the typed filters arrive as Lambda's DynamoDB patterns.
	m := eng.One(t, awsinfratest.TokMapping, "streamer-mapping")
	want := resource.NewPropertyMapFromMap(map[string]any{
		"eventSourceArn":             ordersArn + "/stream/2026-11-25T08:00:00.000",
		"functionName":               "arn:aws:lambda:us-east-1:123456789012:function:streamer-0a1b2c3",
		"startingPosition":           "TRIM_HORIZON",
		"batchSize":                  100,
		"bisectBatchOnFunctionError": true,
		"maximumRetryAttempts":       10,
		"maximumRecordAgeInSeconds":  21600,
		"functionResponseTypes":      []any{"ReportBatchItemFailures"},
		"destinationConfig":          map[string]any{"onFailure": map[string]any{"destinationArn": queueArn}},
		"filterCriteria": map[string]any{"filters": []any{
			map[string]any{"pattern": `{"dynamodb":{"NewImage":{"status":{"S":[{"exists":true}]}}},"eventName":["INSERT","MODIFY"]}`},
			map[string]any{"pattern": `{"dynamodb":{"OldImage":{"status":{"S":[{"exists":true}]}}},"eventName":["REMOVE"]}`},
		}},
	})
	for k, w := range want {
		if g, ok := m.Inputs[k]; !ok || !g.DeepEquals(w) {
			t.Errorf("mapping %s = %v, want %v", k, g, w)
		}
	}
	for k, g := range m.Inputs {
		if _, ok := want[k]; !ok {
			t.Errorf("mapping has unexpected input %s = %v", k, g)
		}
	}
	if q := eng.One(t, awsinfratest.TokQueue, "streamer-failures"); q.Inputs["messageRetentionSeconds"].NumberValue() != 1209600 {
		t.Errorf("failure queue retention %v, want 14 days", q.Inputs["messageRetentionSeconds"])
	}
}

// TestHandlersLinkNoPulumi: the handler binaries must not link the Pulumi SDK.
func TestHandlersLinkNoPulumi(t *testing.T) {
	for _, pkg := range []string{"../handler", "../reporter", "../streamer", "../models", "../shop"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "github.com/pulumi/") {
				t.Errorf("%s links %s", pkg, dep)
			}
		}
	}
}
