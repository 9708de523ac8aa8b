package awsinfra

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
	sf "github.com/stelviogen/stelviogen/runtime/streamfilter"
)

// testTable is a component as generated code declares one.
type testTable struct {
	pulumi.ResourceState
}

// ordersDefWithArgs is ordersDef with the definition generated code would pass.
func ordersDefWithArgs() TableDef {
	d := ordersDef
	d.Args = func() *dynamodb.TableArgs {
		return &dynamodb.TableArgs{
			HashKey:  pulumi.String("customer_id"),
			RangeKey: pulumi.String("order_date"),
			Attributes: dynamodb.TableAttributeArray{
				dynamodb.TableAttributeArgs{Name: pulumi.String("customer_id"), Type: pulumi.String("S")},
				dynamodb.TableAttributeArgs{Name: pulumi.String("order_date"), Type: pulumi.String("S")},
			},
			StreamEnabled:  pulumi.Bool(true),
			StreamViewType: pulumi.String("NEW_AND_OLD_IMAGES"),
		}
	}
	return d
}

// Import is a resource option of the dynamodb.Table itself (an option on the
// component would not reach it): the mock engine sees the import ID on the table's
// registration, and the physical name defaults to it.
func TestImportReachesTheTable(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := DeclareTable(ctx, &testTable{}, ordersDefWithArgs(), &TableArgs{Import: "legacy-orders", RetainOnDelete: true})
		return err
	})
	tbl := m.One(t, awsinfratest.TokTable, "orders")
	if tbl.ID != "legacy-orders" || tbl.Read {
		t.Errorf("table registration: import ID %q, read %v; want import of legacy-orders", tbl.ID, tbl.Read)
	}
	if got := awsinfratest.Str(t, tbl, "name"); got != "legacy-orders" {
		t.Errorf("name = %q, want the imported table's", got)
	}
	if !tbl.RetainOnDelete {
		t.Errorf("RetainOnDelete did not reach the table")
	}
	if comp := m.One(t, TableComponentType, "orders"); comp.ID != "" || comp.RetainOnDelete {
		t.Errorf("component registered with import ID %q / retain %v; only the table takes them", comp.ID, comp.RetainOnDelete)
	}
	if tbl.Parent != "urn:pulumi:dev::app::"+TableComponentType+"::orders" {
		t.Errorf("table parent %q", tbl.Parent)
	}
}

func TestNoImportByDefault(t *testing.T) {
	for name, args := range map[string]*TableArgs{"nil": nil, "zero": {}, "named": {Name: "orders-prod"}} {
		t.Run(name, func(t *testing.T) {
			m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
				_, err := DeclareTable(ctx, &testTable{}, ordersDefWithArgs(), args)
				return err
			})
			tbl := m.One(t, awsinfratest.TokTable, "orders")
			if tbl.ID != "" || tbl.RetainOnDelete {
				t.Errorf("import ID %q, retain %v without being asked", tbl.ID, tbl.RetainOnDelete)
			}
		})
	}
}

func TestImportWithAnotherName(t *testing.T) {
	_, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
		_, err := DeclareTable(ctx, &testTable{}, ordersDefWithArgs(), &TableArgs{Import: "legacy-orders", Name: "orders-prod"})
		return err
	})
	want := `table orders: applying options: TableArgs.Import "legacy-orders" and Name "orders-prod" differ`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v\nwant %s", err, want)
	}
}

// legacyOrders is an existing orders table, as AWS describes it.
func legacyOrders(view string) map[string]resource.PropertyMap {
	state := resource.PropertyMap{
		"hashKey":  resource.NewProperty("customer_id"),
		"rangeKey": resource.NewProperty("order_date"),
	}
	if view != "" {
		state["streamEnabled"] = resource.NewProperty(true)
		state["streamViewType"] = resource.NewProperty(view)
	}
	return map[string]resource.PropertyMap{"legacy-orders": state}
}

const (
	legacyArn    = "arn:aws:dynamodb:us-east-1:123456789012:table/legacy-orders"
	legacyStream = legacyArn + "/stream/2026-11-25T08:00:00.000"
)

// A table this stack did not create is read, not declared; links and a
// subscription to it get the same least-privilege statements on its real ARNs.
func TestReadTableLinksAndSubscribes(t *testing.T) {
	eng := &awsinfratest.Mocks{Existing: legacyOrders("NEW_AND_OLD_IMAGES")}
	_, err := eng.RunErr(func(ctx *pulumi.Context) error {
		out, err := ReadTable(ctx, &testTable{}, "legacy", "legacy-orders", ordersDef)
		if err != nil {
			return err
		}
		if _, err := NewFunction(ctx, "reader", FunctionArgs{Code: prebuilt(), Links: []Link{TableReadOnlyLink("orders", out.Name, out.Arn)}}); err != nil {
			return err
		}
		_, err = SubscribeTable(ctx, "audit", ordersDef, out.StreamArn, SubscriptionArgs{
			Function: FunctionArgs{Code: prebuilt()},
			Where:    []sf.Filter{sf.Match(sf.TTLExpired())},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tables := eng.ByType(awsinfratest.TokTable)
	if len(tables) != 1 || !tables[0].Read || tables[0].ID != "legacy-orders" || tables[0].Name != "legacy" {
		t.Fatalf("tables %+v, want one read of legacy-orders named legacy", tables)
	}
	if want := "urn:pulumi:dev::app::" + TableRefComponentType + "::legacy"; tables[0].Parent != want {
		t.Errorf("read parent %q, want %q", tables[0].Parent, want)
	}
	if c := eng.One(t, TableRefComponentType, "legacy"); c.Custom {
		t.Errorf("the reference must be a component")
	}
	wantRead := policyPrefix +
		`{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan"],"Resource":["` + legacyArn + `"]},` +
		`{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["` + legacyArn + `/index/*"]}]}`
	if got := awsinfratest.Str(t, eng.One(t, awsinfratest.TokRolePolicy, "reader-links"), "policy"); got != wantRead {
		t.Errorf("reader policy\n got %s\nwant %s", got, wantRead)
	}
	wantEnv := map[string]string{"STLV_ORDERS_TABLE_NAME": "legacy-orders", "STLV_ORDERS_TABLE_ARN": legacyArn}
	if got := awsinfratest.Env(t, eng.One(t, awsinfratest.TokFunction, "reader")); !reflect.DeepEqual(got, wantEnv) {
		t.Errorf("reader environment %v, want %v", got, wantEnv)
	}
	wantStream := policyPrefix + `{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":["` + legacyStream + `"]}]}`
	if got := awsinfratest.Str(t, eng.One(t, awsinfratest.TokRolePolicy, "audit-links"), "policy"); got != wantStream {
		t.Errorf("subscriber policy\n got %s\nwant %s", got, wantStream)
	}
	if got := awsinfratest.Str(t, eng.One(t, awsinfratest.TokMapping, "audit-mapping"), "eventSourceArn"); got != legacyStream {
		t.Errorf("mapping source %q, want %q", got, legacyStream)
	}
}

// What the existing table must have for the model to apply to it.
func TestReadTableChecks(t *testing.T) {
	otherKey := map[string]resource.PropertyMap{"legacy-orders": {"hashKey": resource.NewProperty("id")}}
	numericKey := map[string]resource.PropertyMap{"legacy-orders": {
		"hashKey":  resource.NewProperty("customer_id"),
		"rangeKey": resource.NewProperty("order_date"),
		"attributes": resource.NewProperty([]resource.PropertyValue{
			resource.NewProperty(resource.PropertyMap{"name": resource.NewProperty("customer_id"), "type": resource.NewProperty("N")}),
			resource.NewProperty(resource.PropertyMap{"name": resource.NewProperty("order_date"), "type": resource.NewProperty("S")}),
		}),
	}}
	cases := []struct {
		name      string
		existing  map[string]resource.PropertyMap
		physical  string
		subscribe bool
		want      string
	}{
		{"another key", otherKey, "legacy-orders", false,
			"existing table legacy-orders has key (id), but the model of table orders declares (customer_id, order_date)"},
		{"another key type", numericKey, "legacy-orders", false,
			"existing table legacy-orders stores key attribute customer_id as N, but the model of table orders stores it as S"},
		{"no such table", nil, "legacy-orders", false, `no resource with ID "legacy-orders" exists`},
		{"bad name", nil, "x", false, `table orders (existing "x"): physical name: a DynamoDB table name is 3-255 characters`},
		{"bad characters", nil, "orders/prod", false, "a DynamoDB table name is 3-255 characters"},
		{"no stream", legacyOrders(""), "legacy-orders", true,
			"existing table legacy-orders has no stream; the model of table orders declares NEW_AND_OLD_IMAGES"},
		{"another view", legacyOrders("KEYS_ONLY"), "legacy-orders", true,
			"existing table legacy-orders streams KEYS_ONLY, but the model of table orders declares NEW_AND_OLD_IMAGES"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := &awsinfratest.Mocks{Existing: c.existing}
			_, err := eng.RunErr(func(ctx *pulumi.Context) error {
				out, err := ReadTable(ctx, &testTable{}, "legacy", c.physical, ordersDefWithArgs())
				if err != nil || !c.subscribe {
					return err
				}
				_, err = SubscribeTable(ctx, "audit", ordersDef, out.StreamArn, SubscriptionArgs{Function: FunctionArgs{Code: prebuilt()}})
				return err
			})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v\nwant %s", err, c.want)
			}
		})
	}
}

// A model without a stream makes no demand on the existing table's stream.
func TestReadTableWithoutStreamInTheModel(t *testing.T) {
	eng := &awsinfratest.Mocks{Existing: legacyOrders("")}
	def := ordersDef
	def.StreamView = ""
	if _, err := eng.RunErr(func(ctx *pulumi.Context) error {
		out, err := ReadTable(ctx, &testTable{}, "legacy", "legacy-orders", def)
		if err != nil {
			return err
		}
		_, err = NewFunction(ctx, "api", FunctionArgs{Code: prebuilt(), Links: []Link{TableLink("orders", out.Name, out.Arn)}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// Pulumi names are unique in a stack: a second table of one model takes its
// own ResourceName (and physical Name), and both are declared.
func TestSecondTableOfOneModel(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		if _, err := DeclareTable(ctx, &testTable{}, ordersDefWithArgs(), nil); err != nil {
			return err
		}
		_, err := DeclareTable(ctx, &testTable{}, ordersDefWithArgs(), &TableArgs{ResourceName: "orders-archive", Name: "orders-archive"})
		return err
	})
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokTable, "orders"), "name"); got != "app-dev-orders" {
		t.Errorf("first table's physical name %q", got)
	}
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokTable, "orders-archive"), "name"); got != "orders-archive" {
		t.Errorf("second table's physical name %q", got)
	}
	m.One(t, TableComponentType, "orders-archive")
}

func TestTableArgsRefusals(t *testing.T) {
	for want, args := range map[string]*TableArgs{
		`physical table name "a b" must be 3-255 characters of A-Z a-z 0-9 _ . -`: {Name: "a b"},
		"ReadCapacity and WriteCapacity apply with provisioned billing":           {ReadCapacity: 5},
		"provisioned billing needs ReadCapacity and WriteCapacity above 0":        {BillingMode: Provisioned, ReadCapacity: 5},
	} {
		_, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
			_, err := DeclareTable(ctx, &testTable{}, ordersDefWithArgs(), args)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: %v, want %q", args, err, want)
		}
	}
}
