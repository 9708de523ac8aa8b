package ddb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// pkSKSchema is a table keyed by pk (S) and sk (N).
var pkSKSchema = ddb.TableSchema{
	Name: "things",
	PK:   ddb.KeyAttr{Name: "pk", Type: types.ScalarAttributeTypeS},
	SK:   ddb.KeyAttr{Name: "sk", Type: types.ScalarAttributeTypeN},
}

// newTable creates a fresh table for schema on the local server and deletes
// it when the test ends.
func newTestTable(t *testing.T, schema ddb.TableSchema) (*dynamodb.Client, string) {
	t.Helper()
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, schema.Name)
	if err := ddb.CreateTable(t.Context(), client, schema, name); err != nil {
		t.Fatalf("create table: %v", err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, name); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	return client, name
}

func thing(pk string, sk int, extra ...any) map[string]types.AttributeValue {
	m := map[string]types.AttributeValue{"pk": ddb.S(pk), "sk": ddb.NInt(int64(sk))}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1].(types.AttributeValue)
	}
	return m
}

func thingKey(pk string, sk int) map[string]types.AttributeValue { return thing(pk, sk) }

// scanAll returns every item of table, keyed by "pk/sk".
func scanAll(t *testing.T, client *dynamodb.Client, table string) map[string]map[string]types.AttributeValue {
	t.Helper()
	out := map[string]map[string]types.AttributeValue{}
	for it, err := range ddb.ScanItems(t.Context(), client, &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)}, identity) {
		if err != nil {
			t.Fatalf("scan: %v", err)
		}
		out[idOf(it)] = it
	}
	return out
}

func idOf(it map[string]types.AttributeValue) string {
	return fmt.Sprintf("%s/%s", it["pk"].(*types.AttributeValueMemberS).Value, it["sk"].(*types.AttributeValueMemberN).Value)
}

func identity(m map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	return m, nil
}
