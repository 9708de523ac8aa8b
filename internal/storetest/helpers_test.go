package storetest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/internal/directpath"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// storeAPI is the client the suite's stores get (see directpath.API).
var storeAPI = directpath.API

func TestMain(m *testing.M) { directpath.Main(m) }

// newTable creates a table from schema on the local server and deletes it
// when the test ends; it returns the client and the physical table name.
func newTable(t *testing.T, schema ddb.TableSchema) (*dynamodb.Client, string) {
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

// orderStore returns a store of a fresh orders table. Orders written in these
// tests carry a non-empty Status: status is a key of two indexes, and DynamoDB
// refuses an empty string as an index key (ValidationException).
func orderStore(t *testing.T) *OrderStore {
	client, name := newTable(t, OrderSchema)
	return NewOrderStore(storeAPI(client), name)
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func ptr[T any](v T) *T { return &v }
