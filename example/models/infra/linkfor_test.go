package infra

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/awsinfra"
	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
)

// The generated LinkFor: a function that reserves stock (Get and Update)
// cannot delete, put or scan; its environment is that of Link.
func TestGeneratedLinkFor(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		orders, err := NewOrderTable(ctx, nil)
		if err != nil {
			return err
		}
		_, err = awsinfra.NewFunction(ctx, "reserve", awsinfra.FunctionArgs{Code: prebuilt(), Links: []awsinfra.Link{
			orders.LinkFor(awsinfra.OpGet, awsinfra.OpUpdate),
		}})
		return err
	})
	arn := awsinfratest.TableArn("app-dev-orders")
	want := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:UpdateItem"],"Resource":["` + arn + `"]}]}`
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "reserve-links"), "policy"); got != want {
		t.Errorf("policy\n got %s\nwant %s", got, want)
	}
	env := awsinfratest.Env(t, m.One(t, awsinfratest.TokFunction, "reserve"))
	if len(env) != 2 || env["STLV_ORDERS_TABLE_NAME"] != "app-dev-orders" || env["STLV_ORDERS_TABLE_ARN"] != arn {
		t.Errorf("environment %v", env)
	}
}
