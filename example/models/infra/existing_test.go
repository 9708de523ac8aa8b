package infra

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/runtime/awsinfra"
	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
	sf "github.com/stelviogen/stelviogen/runtime/streamfilter"
)

func prebuilt() pulumi.Archive {
	return pulumi.NewAssetArchive(map[string]any{"bootstrap": pulumi.NewStringAsset("#!/bin/sh\n")})
}

// existingOrders is a table named orders-prod made outside the stack, as AWS
// describes it: the model's key and stream.
var existingOrders = map[string]resource.PropertyMap{"orders-prod": {
	"hashKey":  resource.NewProperty("customer_id"),
	"rangeKey": resource.NewProperty("order_date"),
	"attributes": resource.NewProperty([]resource.PropertyValue{
		resource.NewProperty(resource.PropertyMap{"name": resource.NewProperty("customer_id"), "type": resource.NewProperty("S")}),
		resource.NewProperty(resource.PropertyMap{"name": resource.NewProperty("order_date"), "type": resource.NewProperty("S")}),
		resource.NewProperty(resource.PropertyMap{"name": resource.NewProperty("status"), "type": resource.NewProperty("S")}),
	}),
	"streamEnabled":  resource.NewProperty(true),
	"streamViewType": resource.NewProperty("NEW_AND_OLD_IMAGES"),
}}

const (
	prodArn    = "arn:aws:dynamodb:us-east-1:123456789012:table/orders-prod"
	prodStream = prodArn + "/stream/2026-11-25T08:00:00.000"
)

// GetOrderTable reads the existing table (nothing is declared), and the typed
// component links and subscribes to it as to a declared one.
func TestGetOrderTable(t *testing.T) {
	eng := &awsinfratest.Mocks{Existing: existingOrders}
	_, err := eng.RunErr(func(ctx *pulumi.Context) error {
		orders, err := GetOrderTable(ctx, "legacy-orders", "orders-prod")
		if err != nil {
			return err
		}
		if _, err := awsinfra.NewFunction(ctx, "api", awsinfra.FunctionArgs{Code: prebuilt(), Links: []awsinfra.Link{orders.Link()}}); err != nil {
			return err
		}
		_, err = orders.Subscribe(ctx, "audit", awsinfra.SubscriptionArgs{
			Function: awsinfra.FunctionArgs{Code: prebuilt()},
			Where:    []sf.Filter{sf.Match(sf.NotTTLExpired(), sf.Keys(sf.Prefix(&models.OrderAttrs.CustomerID, "vip-")))},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tables := eng.ByType(awsinfratest.TokTable)
	if len(tables) != 1 || !tables[0].Read || tables[0].ID != "orders-prod" {
		t.Fatalf("tables %+v, want one read of orders-prod", tables)
	}
	if len(eng.ByType(awsinfra.TableComponentType)) != 0 || len(eng.ByType(awsinfra.TableRefComponentType)) != 1 {
		t.Errorf("components: %v", eng.Names())
	}
	wantAPI := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:BatchWriteItem","dynamodb:ConditionCheckItem","dynamodb:DeleteItem","dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query","dynamodb:Scan","dynamodb:UpdateItem"],"Resource":["` + prodArn + `"]},` +
		`{"Effect":"Allow","Action":["dynamodb:Query","dynamodb:Scan"],"Resource":["` + prodArn + `/index/*"]}]}`
	if got := awsinfratest.Str(t, eng.One(t, awsinfratest.TokRolePolicy, "api-links"), "policy"); got != wantAPI {
		t.Errorf("api policy\n got %s\nwant %s", got, wantAPI)
	}
	if env := awsinfratest.Env(t, eng.One(t, awsinfratest.TokFunction, "api")); env["STLV_ORDERS_TABLE_NAME"] != "orders-prod" || env["STLV_ORDERS_TABLE_ARN"] != prodArn {
		t.Errorf("api environment %v", env)
	}
	esm := eng.One(t, awsinfratest.TokMapping, "audit-mapping")
	if got := awsinfratest.Str(t, esm, "eventSourceArn"); got != prodStream {
		t.Errorf("mapping source %q", got)
	}
	want := `{"dynamodb":{"Keys":{"customer_id":{"S":[{"prefix":"vip-"}]}}},"userIdentity":{"type":[{"exists":false}]}}`
	if got := esm.Inputs["filterCriteria"].ObjectValue()["filters"].ArrayValue()[0].ObjectValue()["pattern"].StringValue(); got != want {
		t.Errorf("pattern\n got %s\nwant %s", got, want)
	}
}

// The generated Subscribe tells the runtime the table's name, key and view: a
// filter on the users table's attributes, or on a non-key attribute in Keys, fails.
func TestGeneratedSubscribeChecksFilters(t *testing.T) {
	for want, f := range map[string]sf.Filter{
		"subscription audit: Where[0]: Equals(name) in OldImage: the attribute belongs to table users, but the subscription is to table orders": sf.Match(sf.OldImage(sf.Equals(&models.UserAttrs.Name, "Ann"))),
		"subscription audit: Where[0]: Exists(total) in Keys: total is not a key attribute of table orders (customer_id, order_date)":           sf.Match(sf.Keys(sf.Exists(&models.OrderAttrs.Total))),
	} {
		_, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
			orders, err := NewOrderTable(ctx, nil)
			if err != nil {
				return err
			}
			_, err = orders.Subscribe(ctx, "audit", awsinfra.SubscriptionArgs{Function: awsinfra.FunctionArgs{Code: prebuilt()}, Where: []sf.Filter{f}})
			return err
		})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant %s", err, want)
		}
	}
}

// Import adopts an existing table into the generated component: the definition is
// the model's, completed by the args, and the import ID reaches the table.
func TestImportOrderTable(t *testing.T) {
	eng := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewOrderTable(ctx, &awsinfra.TableArgs{Import: "orders-prod", PointInTimeRecovery: true})
		return err
	})
	tbl := eng.One(t, awsinfratest.TokTable, "orders")
	if tbl.ID != "orders-prod" || tbl.Read {
		t.Errorf("import ID %q (read %v), want orders-prod", tbl.ID, tbl.Read)
	}
	if got := awsinfratest.Str(t, tbl, "name"); got != "orders-prod" {
		t.Errorf("name %q", got)
	}
	if got := awsinfratest.Str(t, tbl, "hashKey"); got != "customer_id" {
		t.Errorf("hashKey %q: the imported definition must be the model's", got)
	}
	if !tbl.Inputs["pointInTimeRecovery"].DeepEquals(resource.NewPropertyValue(map[string]any{"enabled": true})) {
		t.Errorf("pointInTimeRecovery %v", tbl.Inputs["pointInTimeRecovery"])
	}
}

// A provider given to GetOrderTable (another region or account) reaches the read.
func TestGetOrderTableWithProvider(t *testing.T) {
	eng := &awsinfratest.Mocks{Existing: existingOrders}
	if _, err := eng.RunErr(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = GetOrderTable(ctx, "legacy-orders", "orders-prod", pulumi.Provider(eu))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	read := eng.ByType(awsinfratest.TokTable)[0]
	if !strings.HasPrefix(read.Provider, "urn:pulumi:dev::app::pulumi:providers:aws::eu::") {
		t.Errorf("read with provider %q, want the eu provider", read.Provider)
	}
}
