package ddb_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

var ordersSchema = ddb.TableSchema{
	Name: "orders",
	PK:   ddb.KeyAttr{Name: "customer_id", Type: types.ScalarAttributeTypeS},
	SK:   ddb.KeyAttr{Name: "order_date", Type: types.ScalarAttributeTypeS},
	LSIs: []ddb.IndexSchema{{
		Name: "status-index", SK: ddb.KeyAttr{Name: "status", Type: types.ScalarAttributeTypeS},
		Projection: types.ProjectionTypeInclude, NonKey: []string{"total"},
	}},
	GSIs: []ddb.IndexSchema{{
		Name:       "status-total-index",
		PK:         ddb.KeyAttr{Name: "status", Type: types.ScalarAttributeTypeS},
		SK:         ddb.KeyAttr{Name: "total", Type: types.ScalarAttributeTypeN},
		Projection: types.ProjectionTypeAll,
	}, {
		Name: "by-total",
		PK:   ddb.KeyAttr{Name: "total", Type: types.ScalarAttributeTypeN},
	}},
	StreamView: types.StreamViewTypeNewAndOldImages,
}

func TestCreateTableWithIndexesAndStream(t *testing.T) {
	client, name := newTestTable(t, ordersSchema)
	out, err := client.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	tb := out.Table
	if tb.TableStatus != types.TableStatusActive {
		t.Fatalf("status %s", tb.TableStatus)
	}
	if tb.BillingModeSummary == nil || tb.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Fatalf("billing %+v, want PAY_PER_REQUEST", tb.BillingModeSummary)
	}
	// Only key attributes are defined: customer_id, order_date, status, total.
	if len(tb.AttributeDefinitions) != 4 {
		t.Fatalf("attribute definitions %+v, want the 4 key attributes", tb.AttributeDefinitions)
	}
	if len(tb.LocalSecondaryIndexes) != 1 || len(tb.GlobalSecondaryIndexes) != 2 {
		t.Fatalf("%d LSIs and %d GSIs, want 1 and 2", len(tb.LocalSecondaryIndexes), len(tb.GlobalSecondaryIndexes))
	}
	lsi := tb.LocalSecondaryIndexes[0]
	if aws.ToString(lsi.IndexName) != "status-index" || lsi.Projection.ProjectionType != types.ProjectionTypeInclude ||
		len(lsi.Projection.NonKeyAttributes) != 1 || lsi.Projection.NonKeyAttributes[0] != "total" {
		t.Fatalf("LSI %+v", lsi)
	}
	if aws.ToString(lsi.KeySchema[0].AttributeName) != "customer_id" || aws.ToString(lsi.KeySchema[1].AttributeName) != "status" {
		t.Fatalf("LSI key %+v, want customer_id + status", lsi.KeySchema)
	}
	if s := tb.StreamSpecification; s == nil || !aws.ToBool(s.StreamEnabled) || s.StreamViewType != types.StreamViewTypeNewAndOldImages || aws.ToString(tb.LatestStreamArn) == "" {
		t.Fatalf("stream %+v (ARN %q), want NEW_AND_OLD_IMAGES enabled", s, aws.ToString(tb.LatestStreamArn))
	}
	for _, g := range tb.GlobalSecondaryIndexes {
		switch aws.ToString(g.IndexName) {
		case "status-total-index":
			if g.Projection.ProjectionType != types.ProjectionTypeAll || len(g.KeySchema) != 2 {
				t.Fatalf("GSI %+v", g)
			}
		case "by-total":
			if g.Projection.ProjectionType != types.ProjectionTypeKeysOnly || len(g.KeySchema) != 1 {
				t.Fatalf("GSI %+v, want KEYS_ONLY by default and a partition key only", g)
			}
		default:
			t.Fatalf("unexpected GSI %s", aws.ToString(g.IndexName))
		}
	}
}

func TestCreateTableInputEnablesTheStream(t *testing.T) {
	in := ddb.CreateTableInput(ordersSchema, "x")
	if s := in.StreamSpecification; s == nil || !aws.ToBool(s.StreamEnabled) || s.StreamViewType != types.StreamViewTypeNewAndOldImages {
		t.Fatalf("stream %+v, want NEW_AND_OLD_IMAGES enabled", s)
	}
	if in := ddb.CreateTableInput(pkSKSchema, "x"); in.StreamSpecification != nil {
		t.Fatalf("stream %+v on a table without one", in.StreamSpecification)
	}
}

func TestDeleteTableWaitsUntilGone(t *testing.T) {
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, "gone")
	if err := ddb.CreateTable(t.Context(), client, pkSKSchema, name); err != nil {
		t.Fatal(err)
	}
	if err := ddb.DeleteTable(t.Context(), client, name); err != nil {
		t.Fatal(err)
	}
	_, err := client.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("describe after delete: %v, want ResourceNotFoundException", err)
	}
}

func TestCreateTableReportsServerErrors(t *testing.T) {
	client, name := newTestTable(t, pkSKSchema)
	err := ddb.CreateTable(t.Context(), client, pkSKSchema, name)
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) {
		t.Fatalf("creating %s twice: %v, want ResourceInUseException", name, err)
	}
}

func TestCreateTableEnablesTTL(t *testing.T) {
	schema := pkSKSchema
	schema.TTL = "expires_at"
	client, name := newTestTable(t, schema)
	out, err := client.DescribeTimeToLive(t.Context(), &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	d := out.TimeToLiveDescription
	if d == nil || d.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(d.AttributeName) != "expires_at" {
		t.Fatalf("TTL %+v, want ENABLED on expires_at", d)
	}

	client, name = newTestTable(t, pkSKSchema)
	out, err = client.DescribeTimeToLive(t.Context(), &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if d := out.TimeToLiveDescription; d == nil || d.TimeToLiveStatus != types.TimeToLiveStatusDisabled {
		t.Fatalf("TTL of a table without a TTL attribute %+v, want DISABLED", d)
	}
}
