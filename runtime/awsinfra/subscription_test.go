package awsinfra

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
)

const ordersStreamArn = "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders/stream/2026-11-25T08:00:00.000"

// ordersTable declares the orders table under mocks, with or without a stream.
func ordersTable(ctx *pulumi.Context, stream bool) (*dynamodb.Table, error) {
	args := &dynamodb.TableArgs{
		Name:        pulumi.String(ordersName),
		BillingMode: pulumi.String("PAY_PER_REQUEST"),
		HashKey:     pulumi.String("customer_id"),
		Attributes:  dynamodb.TableAttributeArray{dynamodb.TableAttributeArgs{Name: pulumi.String("customer_id"), Type: pulumi.String("S")}},
	}
	if stream {
		args.StreamEnabled = pulumi.Bool(true)
		args.StreamViewType = pulumi.String("NEW_AND_OLD_IMAGES")
	}
	return dynamodb.NewTable(ctx, "orders", args)
}

func TestSubscribeStream(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		tbl, err := ordersTable(ctx, true)
		if err != nil {
			return err
		}
		_, err = SubscribeStream(ctx, "audit", SubscriptionArgs{
			TableName: "orders",
			StreamArn: tbl.StreamArn,
			Function: FunctionArgs{
				Code:  prebuilt(),
				Links: []Link{TableReadOnlyLink("orders", tbl.Name, tbl.Arn)},
			},
			StartingPosition: StartTrimHorizon,
			BatchSize:        50,
			Filters:          []string{`{"eventName":["INSERT","MODIFY"]}`},
		})
		return err
	})

	subURN := "urn:pulumi:dev::app::" + SubscriptionType + "::audit"
	if c := m.One(t, SubscriptionType, "audit"); c.Custom {
		t.Errorf("Subscription must be a component resource")
	}
	if fc := m.One(t, FunctionType, "audit"); fc.Parent != subURN {
		t.Errorf("function component parent = %q, want %q", fc.Parent, subURN)
	}

	// The stream statement comes after the function's own links and names only the stream.
	wantPolicy := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders"]},` +
		`{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders/index/*"]},` +
		`{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":["` + ordersStreamArn + `"]}]}`
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "audit-links"), "policy"); got != wantPolicy {
		t.Errorf("policy\n got %s\nwant %s", got, wantPolicy)
	}
	// The stream link adds no environment.
	wantEnv := map[string]string{"STLV_ORDERS_TABLE_NAME": ordersName, "STLV_ORDERS_TABLE_ARN": ordersArn}
	if got := awsinfratest.Env(t, m.One(t, awsinfratest.TokFunction, "audit")); !reflect.DeepEqual(got, wantEnv) {
		t.Errorf("environment = %v, want %v", got, wantEnv)
	}

	esm := m.One(t, awsinfratest.TokMapping, "audit-mapping")
	if esm.Parent != subURN {
		t.Errorf("mapping parent = %q, want %q", esm.Parent, subURN)
	}
	for key, want := range map[string]string{
		"eventSourceArn":   ordersStreamArn,
		"functionName":     "arn:aws:lambda:us-east-1:123456789012:function:audit-0a1b2c3",
		"startingPosition": "TRIM_HORIZON",
	} {
		if got := awsinfratest.Str(t, esm, key); got != want {
			t.Errorf("mapping %s = %q, want %q", key, got, want)
		}
	}
	if got := esm.Inputs["batchSize"].NumberValue(); got != 50 {
		t.Errorf("batchSize = %v, want 50", got)
	}
	filters := esm.Inputs["filterCriteria"].ObjectValue()["filters"].ArrayValue()
	if len(filters) != 1 || filters[0].ObjectValue()["pattern"].StringValue() != `{"eventName":["INSERT","MODIFY"]}` {
		t.Errorf("filterCriteria = %v", esm.Inputs["filterCriteria"])
	}
	// Lambda checks the stream permissions when the mapping is created.
	if dep := "urn:pulumi:dev::app::" + SubscriptionType + "$" + FunctionType + "$" + awsinfratest.TokRolePolicy + "::audit-links"; !contains(esm.Deps, dep) {
		t.Errorf("mapping dependencies %v lack the stream policy %s", esm.Deps, dep)
	}
}

func TestSubscribeStreamDefaults(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := SubscribeStream(ctx, "audit", SubscriptionArgs{
			TableName: "orders",
			StreamArn: pulumi.String(ordersStreamArn),
			Function:  FunctionArgs{Code: prebuilt()},
			Customize: func(a *lambda.EventSourceMappingArgs) { a.MaximumRetryAttempts = pulumi.Int(3) },
		})
		return err
	})
	esm := m.One(t, awsinfratest.TokMapping, "audit-mapping")
	if got := awsinfratest.Str(t, esm, "startingPosition"); got != "LATEST" {
		t.Errorf("startingPosition = %q, want LATEST", got)
	}
	// Nothing is sent that was not asked for, except partial batch responses, which
	// are on by default.
	var keys []string
	for k := range esm.Inputs {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	if want := "eventSourceArn,functionName,functionResponseTypes,maximumRetryAttempts,startingPosition"; strings.Join(keys, ",") != want {
		t.Errorf("mapping inputs %v, want exactly %s", keys, want)
	}
	if got := esm.Inputs["functionResponseTypes"]; !reflect.DeepEqual(got, resource.NewProperty([]resource.PropertyValue{resource.NewProperty("ReportBatchItemFailures")})) {
		t.Errorf("functionResponseTypes = %v, want [ReportBatchItemFailures]", got)
	}
	if got := esm.Inputs["maximumRetryAttempts"].NumberValue(); got != 3 {
		t.Errorf("maximumRetryAttempts = %v, want 3 from Customize", got)
	}
	wantPolicy := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":["` + ordersStreamArn + `"]}]}`
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "audit-links"), "policy"); got != wantPolicy {
		t.Errorf("policy\n got %s\nwant %s", got, wantPolicy)
	}
}

func TestSubscribeToTableWithoutStreamFails(t *testing.T) {
	const want = "table orders has no stream; add stream=new-and-old-images (or keys-only, new-image, old-image) to its dynamo table tag"
	cases := map[string]func(ctx *pulumi.Context) (pulumi.StringInput, error){
		"nil":   func(*pulumi.Context) (pulumi.StringInput, error) { return nil, nil },
		"empty": func(*pulumi.Context) (pulumi.StringInput, error) { return pulumi.String(""), nil },
		// A table awsinfratest.Resource without a stream has an empty stream ARN output.
		"table output": func(ctx *pulumi.Context) (pulumi.StringInput, error) {
			tbl, err := ordersTable(ctx, false)
			if err != nil {
				return nil, err
			}
			return tbl.StreamArn, nil
		},
	}
	for name, streamArn := range cases {
		t.Run(name, func(t *testing.T) {
			m, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
				arn, err := streamArn(ctx)
				if err != nil {
					return err
				}
				_, err = SubscribeStream(ctx, "audit", SubscriptionArgs{
					TableName: "orders",
					StreamArn: arn,
					Function:  FunctionArgs{Code: prebuilt()},
				})
				return err
			})
			var ns *NoStreamError
			if !errors.As(err, &ns) || ns.Error() != want {
				t.Fatalf("error = %v, want %q", err, want)
			}
			if n := len(m.ByType(awsinfratest.TokMapping)); n != 0 {
				t.Errorf("mapping awsinfratest.Resource for a table without a stream")
			}
		})
	}
}
