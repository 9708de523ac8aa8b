package storetest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// directJSON runs the suite's stores on ddbjson's direct path
// (STELVIOGEN_DIRECT_JSON=1, a line of .ci/run): the same tests, the same
// expectations, on both paths.
var directJSON = os.Getenv("STELVIOGEN_DIRECT_JSON") == "1"

// directClients are the clients storeAPI made, whose Stats TestMain checks.
var (
	directMu      sync.Mutex
	directClients []*ddbjson.Client
)

// storeAPI is the client the suite's stores get: client itself, or
// ddbjson.NewClient(client) under STELVIOGEN_DIRECT_JSON=1.
func storeAPI(client *dynamodb.Client) ddb.API {
	if directJSON {
		c := ddbjson.NewClient(client)
		directMu.Lock()
		directClients = append(directClients, c)
		directMu.Unlock()
		return c
	}
	return client
}

// TestMain fails a run on the direct path that did not read directly: the
// suite's models are generated with -json, so every Get, BatchGet and page
// of a model must decode straight from the body, and only index projection
// types may fall back to the map path.
func TestMain(m *testing.M) {
	code := m.Run()
	if directJSON && code == 0 && flag.Lookup("test.run").Value.String() == "" {
		var direct, viaMap int64
		for _, c := range directClients {
			d, v := c.Stats()
			direct, viaMap = direct+d, viaMap+v
		}
		fmt.Printf("direct JSON path: %d items decoded directly, %d answers through the map path\n", direct, viaMap)
		if direct == 0 {
			fmt.Println("FAIL: STELVIOGEN_DIRECT_JSON=1 but no item was decoded directly")
			code = 1
		}
	}
	os.Exit(code)
}

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
