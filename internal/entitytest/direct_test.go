package entitytest

import (
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

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

// TestMain fails a run on the direct path that did not read directly (the
// suite's models are generated with -json).
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
