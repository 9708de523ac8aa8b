package infra

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stelviogen/stelviogen/runtime/awsinfra"
	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
)

// TestOrderTableInputs runs the generated orders component under Pulumi's mocks
// and checks every input of the aws:dynamodb/table:Table it registers.
func TestOrderTableInputs(t *testing.T) {
	eng := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewOrderTable(ctx, nil)
		return err
	})
	tables := eng.ByType(awsinfratest.TokTable)
	if len(tables) != 1 {
		t.Fatalf("registered %d tables, want 1", len(tables))
	}
	want := resource.NewPropertyMapFromMap(map[string]any{
		"name":        "app-dev-orders",
		"billingMode": "PAY_PER_REQUEST",
		"hashKey":     "customer_id",
		"rangeKey":    "order_date",
		"attributes": []any{
			map[string]any{"name": "customer_id", "type": "S"},
			map[string]any{"name": "order_date", "type": "S"},
			map[string]any{"name": "status", "type": "S"},
			map[string]any{"name": "total", "type": "N"},
		},
		"localSecondaryIndexes": []any{
			map[string]any{"name": "status-index", "rangeKey": "status", "projectionType": "INCLUDE", "nonKeyAttributes": []any{"total"}},
		},
		"globalSecondaryIndexes": []any{
			map[string]any{"name": "status-total-index", "hashKey": "status", "rangeKey": "total", "projectionType": "ALL"},
		},
		"ttl":            map[string]any{"attributeName": "expires_at", "enabled": true},
		"streamEnabled":  true,
		"streamViewType": "NEW_AND_OLD_IMAGES",
	})
	assertInputs(t, tables[0].Inputs, want)
	if tables[0].Parent == "" {
		t.Error("table has no parent component")
	}
	if comps := eng.ByType(awsinfra.TableComponentType); len(comps) != 1 || comps[0].Name != "orders" {
		t.Errorf("components %+v, want one %s named orders", comps, awsinfra.TableComponentType)
	}
}

// TestOrderTableOptions checks what TableArgs adds: point-in-time recovery,
// deletion protection, provisioned billing (table and GSIs), tags, a name and the
// raw customisation hook.
func TestOrderTableOptions(t *testing.T) {
	eng := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewOrderTable(ctx, &awsinfra.TableArgs{
			Name:                "orders-prod",
			BillingMode:         awsinfra.Provisioned,
			ReadCapacity:        5,
			WriteCapacity:       2,
			PointInTimeRecovery: true,
			DeletionProtection:  true,
			Tags:                map[string]string{"team": "shop"},
			Customize: func(a *dynamodb.TableArgs) {
				a.TableClass = pulumi.String("STANDARD_INFREQUENT_ACCESS")
			},
		})
		return err
	})
	in := eng.ByType(awsinfratest.TokTable)[0].Inputs
	checks := map[string]any{
		"name":                      "orders-prod",
		"billingMode":               "PROVISIONED",
		"readCapacity":              float64(5),
		"writeCapacity":             float64(2),
		"pointInTimeRecovery":       map[string]any{"enabled": true},
		"deletionProtectionEnabled": true,
		"tags":                      map[string]any{"team": "shop"},
		"tableClass":                "STANDARD_INFREQUENT_ACCESS",
	}
	for k, v := range checks {
		got, ok := in[resource.PropertyKey(k)]
		if !ok || !got.DeepEquals(resource.NewPropertyValue(v)) {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
	gsi := in["globalSecondaryIndexes"].ArrayValue()[0].ObjectValue()
	if gsi["readCapacity"].NumberValue() != 5 || gsi["writeCapacity"].NumberValue() != 2 {
		t.Errorf("GSI capacity = %v/%v, want 5/2", gsi["readCapacity"], gsi["writeCapacity"])
	}
}

// TestUserTableInputs: the guide's users table has a partition key only.
func TestUserTableInputs(t *testing.T) {
	eng := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewUserTable(ctx, nil)
		return err
	})
	want := resource.NewPropertyMapFromMap(map[string]any{
		"name":        "app-dev-users",
		"billingMode": "PAY_PER_REQUEST",
		"hashKey":     "user_id",
		"attributes":  []any{map[string]any{"name": "user_id", "type": "S"}},
	})
	assertInputs(t, eng.ByType(awsinfratest.TokTable)[0].Inputs, want)
}

func TestTableArgsErrors(t *testing.T) {
	_, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
		_, err := NewOrderTable(ctx, &awsinfra.TableArgs{BillingMode: awsinfra.Provisioned})
		return err
	})
	if err == nil {
		t.Fatal("provisioned billing without capacity: no error")
	}
}

func assertInputs(t *testing.T, got, want resource.PropertyMap) {
	t.Helper()
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("input %s missing, want %v", k, w)
			continue
		}
		if !g.DeepEquals(w) {
			t.Errorf("input %s = %v, want %v", k, g, w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected input %s = %v", k, g)
		}
	}
}
