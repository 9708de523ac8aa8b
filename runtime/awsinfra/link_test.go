package awsinfra

import (
	"github.com/stelviogen/stelviogen/runtime/iamactions"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
)

// linkForPolicy declares a function linked to the orders table with only ops
// and returns its inline policy document.
func linkForPolicy(t *testing.T, op Op, more ...Op) string {
	t.Helper()
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		tbl, err := ordersTable(ctx, false)
		if err != nil {
			return err
		}
		_, err = NewFunction(ctx, "fn", FunctionArgs{Code: prebuilt(), Links: []Link{TableLinkFor("orders", tbl.Name, tbl.Arn, op, more...)}})
		return err
	})
	fn := m.One(t, awsinfratest.TokFunction, "fn")
	if env := awsinfratest.Env(t, fn); env["STLV_ORDERS_TABLE_NAME"] != ordersName || env["STLV_ORDERS_TABLE_ARN"] != ordersArn || len(env) != 2 {
		t.Errorf("environment %v", env)
	}
	return awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "fn-links"), "policy")
}

// The exact documents, written out by hand: only the chosen operations'
// actions, and a statement on the indexes only for Query and Scan.
func TestTableLinkForGrantsExactlyTheOperations(t *testing.T) {
	const (
		head  = `{"Version":"2012-10-17","Statement":[`
		table = `"Resource":["` + ordersArn + `"]}`
		index = `"Resource":["` + ordersArn + `/index/*"]}`
	)
	for _, c := range []struct {
		ops  []Op
		want string
	}{
		{[]Op{OpGet, OpUpdate}, head + `{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:UpdateItem"],` + table + `]}`},
		{[]Op{OpUpdate, OpGet, OpUpdate}, head + `{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:UpdateItem"],` + table + `]}`},
		{[]Op{OpPut, OpTxCheck, OpDelete}, head + `{"Effect":"Allow","Action":["dynamodb:ConditionCheckItem","dynamodb:DeleteItem","dynamodb:PutItem"],` + table + `]}`},
		{[]Op{OpBatchGet, OpBatchWrite}, head + `{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:BatchWriteItem"],` + table + `]}`},
		{[]Op{OpQuery}, head + `{"Effect":"Allow","Action":["dynamodb:Query"],` + table + `,{"Effect":"Allow","Action":["dynamodb:Query"],` + index + `]}`},
		{[]Op{OpGet, OpScan}, head + `{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Scan"],` + table + `,{"Effect":"Allow","Action":["dynamodb:Scan"],` + index + `]}`},
		{AllOps, wantFullPolicy},
		{ReadOnlyOps, wantReadOnlyPolicy},
	} {
		if got := linkForPolicy(t, c.ops[0], c.ops[1:]...); got != c.want {
			t.Errorf("%v:\n got %s\nwant %s", c.ops, got, c.want)
		}
	}
}

// The full and read-only links are the links for AllOps and ReadOnlyOps, and
// every operation's action is one of the full link's.
func TestOperationsAreTheOneSourceOfActions(t *testing.T) {
	if got, want := strings.Join(iamactions.TableActionsOf(AllOps), ","), strings.Join(documentedTableActions, ","); got != want {
		t.Errorf("actions of AllOps %s, want %s", got, want)
	}
	if got, want := strings.Join(iamactions.TableActionsOf(ReadOnlyOps), ","), strings.Join(documentedReadOnlyActions, ","); got != want {
		t.Errorf("actions of ReadOnlyOps %s, want %s", got, want)
	}
	for o := Op(1); o.Action() != ""; o++ {
		if !contains(documentedTableActions, o.Action()) {
			t.Errorf("%v: action %s is not documented", o, o.Action())
		}
		if o.OnIndexes() != (o == OpQuery || o == OpScan) {
			t.Errorf("%v: on indexes %v", o, o.OnIndexes())
		}
		if !slices.Contains(AllOps, o) {
			t.Errorf("%v is not in AllOps", o)
		}
	}
}

// An Op that is none of the constants fails the function, naming it and the
// valid ones.
func TestUnknownOperationIsRefused(t *testing.T) {
	_, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
		_, err := NewFunction(ctx, "fn", FunctionArgs{Code: prebuilt(), Links: []Link{
			TableLinkFor("orders", pulumi.String(ordersName), pulumi.String(ordersArn), OpGet, Op(42)),
		}})
		return err
	})
	want := `link "orders": Op(42) is not an operation of the store; the operations are OpScan, OpQuery, OpGet, OpPut, OpUpdate, OpDelete, OpBatchGet, OpBatchWrite, OpTxCheck`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want one saying %q", err, want)
	}
}
