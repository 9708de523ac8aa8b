package awsinfra

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// prebuilt stands in for a built handler so these tests need no compiler.
func prebuilt() pulumi.Archive {
	return pulumi.NewAssetArchive(map[string]interface{}{"bootstrap": pulumi.NewStringAsset("#!/bin/sh\n")})
}

// The documents below are written out by hand: they are the contract, not a copy of the code.
const (
	wantFullPolicy = `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:BatchWriteItem","dynamodb:ConditionCheckItem","dynamodb:DeleteItem","dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query","dynamodb:Scan","dynamodb:UpdateItem"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders"]},` +
		`{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders/index/*"]}]}`
	wantReadOnlyPolicy = `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders"]},` +
		`{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders/index/*"]}]}`
	wantTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
)

// The variable names are the handler side's, for any link name.
func TestTableLinkEnvironmentNames(t *testing.T) {
	l := TableLink("order-items.v2", pulumi.String("n"), pulumi.String("a"))
	var got []string
	for k := range l.Properties {
		got = append(got, k)
	}
	sort.Strings(got)
	want := []string{"STLV_ORDER_ITEMS_V2_TABLE_ARN", "STLV_ORDER_ITEMS_V2_TABLE_NAME"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("variables = %v, want %v", got, want)
	}
	if ddb.TableNameEnv("order-items.v2") != want[1] || ddb.TableARNEnv("order-items.v2") != want[0] {
		t.Errorf("handler side reads %s and %s", ddb.TableNameEnv("order-items.v2"), ddb.TableARNEnv("order-items.v2"))
	}
}

func TestFunctionWithFullTableLink(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewFunction(ctx, "api", FunctionArgs{
			Code:       prebuilt(),
			MemorySize: 256,
			Timeout:    30,
			Links:      []Link{TableLink("orders", pulumi.String(ordersName), pulumi.String(ordersArn))},
		})
		return err
	})

	comp := m.One(t, FunctionType, "api")
	if comp.Custom {
		t.Errorf("Function must be a component resource")
	}
	compURN := "urn:pulumi:dev::app::" + FunctionType + "::api"

	role := m.One(t, awsinfratest.TokRole, "api-role")
	if got := awsinfratest.Str(t, role, "assumeRolePolicy"); got != wantTrustPolicy {
		t.Errorf("trust policy\n got %s\nwant %s", got, wantTrustPolicy)
	}
	if role.Parent != compURN {
		t.Errorf("role parent = %q, want %q", role.Parent, compURN)
	}

	att := m.One(t, awsinfratest.TokAttachment, "api-basic-execution")
	if got := awsinfratest.Str(t, att, "policyArn"); got != "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" {
		t.Errorf("basic execution policy = %q", got)
	}
	if got := awsinfratest.Str(t, att, "role"); got != "api-role-0a1b2c3" {
		t.Errorf("attachment role = %q, want the role's name", got)
	}

	if n := len(m.ByType(awsinfratest.TokRolePolicy)); n != 1 {
		t.Fatalf("want one inline policy, got %d", n)
	}
	pol := m.One(t, awsinfratest.TokRolePolicy, "api-links")
	if got := awsinfratest.Str(t, pol, "policy"); got != wantFullPolicy {
		t.Errorf("policy\n got %s\nwant %s", got, wantFullPolicy)
	}
	if got := awsinfratest.Str(t, pol, "role"); got != "api-role-0a1b2c3" {
		t.Errorf("policy role = %q", got)
	}

	fn := m.One(t, awsinfratest.TokFunction, "api")
	for key, want := range map[string]string{"runtime": "provided.al2023", "handler": "bootstrap", "role": "arn:aws:iam::123456789012:role/api-role-0a1b2c3"} {
		if got := awsinfratest.Str(t, fn, key); got != want {
			t.Errorf("function %s = %q, want %q", key, got, want)
		}
	}
	if got := fn.Inputs["architectures"].ArrayValue(); len(got) != 1 || got[0].StringValue() != "arm64" {
		t.Errorf("architectures = %v, want [arm64]", got)
	}
	if got := fn.Inputs["memorySize"].NumberValue(); got != 256 {
		t.Errorf("memorySize = %v", got)
	}
	if got := fn.Inputs["timeout"].NumberValue(); got != 30 {
		t.Errorf("timeout = %v", got)
	}
	if !fn.Inputs["code"].IsArchive() {
		t.Errorf("code = %v, want an archive", fn.Inputs["code"])
	}
	wantEnv := map[string]string{
		"STLV_ORDERS_TABLE_NAME": ordersName,
		"STLV_ORDERS_TABLE_ARN":  ordersArn,
	}
	if got := awsinfratest.Env(t, fn); !reflect.DeepEqual(got, wantEnv) {
		t.Errorf("environment = %v, want %v", got, wantEnv)
	}
	// The function waits for both policies, so it never runs without its permissions.
	for _, dep := range []string{
		"urn:pulumi:dev::app::" + FunctionType + "$" + awsinfratest.TokRolePolicy + "::api-links",
		"urn:pulumi:dev::app::" + FunctionType + "$" + awsinfratest.TokAttachment + "::api-basic-execution",
	} {
		if !contains(fn.Deps, dep) {
			t.Errorf("function dependencies %v lack %s", fn.Deps, dep)
		}
	}
}

func TestFunctionWithReadOnlyTableLink(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewFunction(ctx, "report", FunctionArgs{
			Code:  prebuilt(),
			Links: []Link{TableReadOnlyLink("orders", pulumi.String(ordersName), pulumi.String(ordersArn))},
		})
		return err
	})
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "report-links"), "policy"); got != wantReadOnlyPolicy {
		t.Errorf("policy\n got %s\nwant %s", got, wantReadOnlyPolicy)
	}
	fn := m.One(t, awsinfratest.TokFunction, "report")
	wantEnv := map[string]string{"STLV_ORDERS_TABLE_NAME": ordersName, "STLV_ORDERS_TABLE_ARN": ordersArn}
	if got := awsinfratest.Env(t, fn); !reflect.DeepEqual(got, wantEnv) {
		t.Errorf("environment = %v, want %v", got, wantEnv)
	}
	if _, ok := fn.Inputs["memorySize"]; ok {
		t.Errorf("memorySize set without being asked for")
	}
}

// Links take the table's outputs, resolved only when the table is created.
func TestLinkUsesTableOutputs(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		tbl, err := dynamodb.NewTable(ctx, "orders", &dynamodb.TableArgs{
			Name:        pulumi.String("app-dev-orders"),
			BillingMode: pulumi.String("PAY_PER_REQUEST"),
			HashKey:     pulumi.String("customer_id"),
			Attributes:  dynamodb.TableAttributeArray{dynamodb.TableAttributeArgs{Name: pulumi.String("customer_id"), Type: pulumi.String("S")}},
		})
		if err != nil {
			return err
		}
		_, err = NewFunction(ctx, "api", FunctionArgs{
			Code:  prebuilt(),
			Links: []Link{TableLink("orders", tbl.Name, tbl.Arn)},
		})
		return err
	})
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "api-links"), "policy"); got != wantFullPolicy {
		t.Errorf("policy\n got %s\nwant %s", got, wantFullPolicy)
	}
	wantEnv := map[string]string{"STLV_ORDERS_TABLE_NAME": ordersName, "STLV_ORDERS_TABLE_ARN": ordersArn}
	if got := awsinfratest.Env(t, m.One(t, awsinfratest.TokFunction, "api")); !reflect.DeepEqual(got, wantEnv) {
		t.Errorf("environment = %v, want %v", got, wantEnv)
	}
}

func TestUserEnvironmentOverridesLinks(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewFunction(ctx, "api", FunctionArgs{
			Code: prebuilt(),
			Links: []Link{
				TableLink("orders", pulumi.String(ordersName), pulumi.String(ordersArn)),
				TableReadOnlyLink("order-items", pulumi.String("app-dev-order-items"), pulumi.String("arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-order-items")),
			},
			Environment: map[string]pulumi.StringInput{
				"STLV_ORDERS_TABLE_NAME": pulumi.String("orders-override"),
				"LOG_LEVEL":              pulumi.String("debug"),
			},
		})
		return err
	})
	want := map[string]string{
		"STLV_ORDERS_TABLE_NAME":      "orders-override",
		"STLV_ORDERS_TABLE_ARN":       ordersArn,
		"STLV_ORDER_ITEMS_TABLE_NAME": "app-dev-order-items",
		"STLV_ORDER_ITEMS_TABLE_ARN":  "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-order-items",
		"LOG_LEVEL":                   "debug",
	}
	if got := awsinfratest.Env(t, m.One(t, awsinfratest.TokFunction, "api")); !reflect.DeepEqual(got, want) {
		t.Errorf("environment = %v, want %v", got, want)
	}
	// Two links give two pairs of statements in link order, in one policy.
	want2 := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:BatchWriteItem","dynamodb:ConditionCheckItem","dynamodb:DeleteItem","dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query","dynamodb:Scan","dynamodb:UpdateItem"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders"]},` +
		`{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders/index/*"]},` +
		`{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-order-items"]},` +
		`{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-order-items/index/*"]}]}`
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "api-links"), "policy"); got != want2 {
		t.Errorf("policy\n got %s\nwant %s", got, want2)
	}
}

func TestFunctionWithoutLinksHasNoInlinePolicy(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewFunction(ctx, "ping", FunctionArgs{Code: prebuilt(), Architecture: ArchX86_64})
		return err
	})
	if n := len(m.ByType(awsinfratest.TokRolePolicy)); n != 0 {
		t.Errorf("want no inline policy, got %d", n)
	}
	m.One(t, awsinfratest.TokAttachment, "ping-basic-execution")
	fn := m.One(t, awsinfratest.TokFunction, "ping")
	if got := fn.Inputs["architectures"].ArrayValue(); len(got) != 1 || got[0].StringValue() != "x86_64" {
		t.Errorf("architectures = %v, want [x86_64]", got)
	}
	if _, ok := fn.Inputs["environment"]; ok {
		t.Errorf("environment set without links or variables: %v", fn.Inputs["environment"])
	}
}

func TestCustomizeChangesFunctionArgs(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewFunction(ctx, "api", FunctionArgs{
			Code: prebuilt(),
			Customize: func(a *lambda.FunctionArgs) {
				a.Description = pulumi.String("orders API")
				a.MemorySize = pulumi.Int(512)
			},
		})
		return err
	})
	fn := m.One(t, awsinfratest.TokFunction, "api")
	if got := awsinfratest.Str(t, fn, "description"); got != "orders API" {
		t.Errorf("description = %q", got)
	}
	if got := fn.Inputs["memorySize"].NumberValue(); got != 512 {
		t.Errorf("memorySize = %v", got)
	}
}

func TestFunctionArgsAreValidated(t *testing.T) {
	table := TableLink("orders", pulumi.String(ordersName), pulumi.String(ordersArn))
	cases := []struct {
		name string
		args FunctionArgs
		want string
	}{
		{"no code", FunctionArgs{}, "no code: set Handler"},
		{"handler and code", FunctionArgs{Handler: "./fn", Code: prebuilt()}, "set Handler or Code, not both"},
		{"architecture", FunctionArgs{Code: prebuilt(), Architecture: "amd64"}, `unknown Lambda architecture "amd64"`},
		{"memory", FunctionArgs{Code: prebuilt(), MemorySize: 64}, "memory size 64 MB is outside"},
		{"timeout", FunctionArgs{Code: prebuilt(), Timeout: 901}, "timeout 901s is outside"},
		{"duplicate link", FunctionArgs{Code: prebuilt(), Links: []Link{table, table}}, `two links are named "orders"`},
		{"shared variable", FunctionArgs{Code: prebuilt(), Links: []Link{table, {Name: "other", Properties: map[string]pulumi.StringInput{"STLV_ORDERS_TABLE_ARN": pulumi.String("x")}}}},
			`links "orders" and "other" both set environment variable STLV_ORDERS_TABLE_ARN`},
		{"variable name", FunctionArgs{Code: prebuilt(), Environment: map[string]pulumi.StringInput{"LOG-LEVEL": pulumi.String("x")}}, `environment variable name "LOG-LEVEL" is invalid`},
		{"unnamed link", FunctionArgs{Code: prebuilt(), Links: []Link{{}}}, "a link has no name"},
		{"wildcard action", FunctionArgs{Code: prebuilt(), Links: []Link{{Name: "all", Permissions: []Permission{{Actions: []string{"dynamodb:*"}, Resources: []pulumi.StringInput{pulumi.String(ordersArn)}}}}}},
			`link "all": wildcard action "dynamodb:*" is not allowed`},
		{"prefix wildcard action", FunctionArgs{Code: prebuilt(), Links: []Link{{Name: "gets", Permissions: []Permission{{Actions: []string{"dynamodb:Get*"}, Resources: []pulumi.StringInput{pulumi.String(ordersArn)}}}}}},
			`link "gets": wildcard action "dynamodb:Get*" is not allowed`},
		{"malformed action", FunctionArgs{Code: prebuilt(), Links: []Link{{Name: "bad", Permissions: []Permission{{Actions: []string{"GetItem"}, Resources: []pulumi.StringInput{pulumi.String(ordersArn)}}}}}},
			`action "GetItem" is not of the form service:Action`},
		{"no resources", FunctionArgs{Code: prebuilt(), Links: []Link{{Name: "bad", Permissions: []Permission{{Actions: []string{"dynamodb:GetItem"}}}}}},
			`link "bad": a permission has no resources`},
		{"nil table outputs", FunctionArgs{Code: prebuilt(), Links: []Link{TableLink("orders", nil, nil)}}, `link "orders": environment variable STLV_ORDERS_TABLE_`},
		{"no actions", FunctionArgs{Code: prebuilt(), Links: []Link{{Name: "bad", Permissions: []Permission{{Resources: []pulumi.StringInput{pulumi.String(ordersArn)}}}}}},
			`link "bad": a permission has no actions`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
				_, err := NewFunction(ctx, "api", c.args)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want one containing %q", err, c.want)
			}
			if n := len(m.ByType(awsinfratest.TokFunction)); n != 0 {
				t.Errorf("a rejected function was still declared")
			}
		})
	}
}

// Wildcard resources are only known once ARNs resolve; the program must still fail.
func TestWildcardResourcesAreRejected(t *testing.T) {
	for res, want := range map[string]string{
		"*": `wildcard resource "*" is not allowed`,
		"arn:aws:dynamodb:us-east-1:123456789012:table/*":         "wildcard resource",
		"arn:aws:s3:::bucket/*":                                   "wildcard resource",
		"arn:aws:dynamodb:us-east-1:123456789012:table/*/index/*": "wildcard resource",
		"arn:aws:s3:::bucket/index/*":                             "wildcard resource",
		"app-dev-orders":                                          `resource "app-dev-orders" is not an ARN`,
		"":                                                        "resolved to an empty ARN",
	} {
		t.Run(res, func(t *testing.T) {
			_, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
				_, err := NewFunction(ctx, "api", FunctionArgs{
					Code: prebuilt(),
					Links: []Link{{Name: "wide", Permissions: []Permission{{
						Actions:   []string{"dynamodb:GetItem"},
						Resources: []pulumi.StringInput{pulumi.String(ordersArn).ToStringOutput().ApplyT(func(string) string { return res }).(pulumi.StringOutput)},
					}}}},
				})
				return err
			})
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.Link != "wide" || !strings.Contains(pe.Reason, want) {
				t.Fatalf("error = %v, want a PolicyError for link wide containing %q", err, want)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
