// Package directpath runs a DynamoDB Local test suite of generated stores
// on runtime/ddbjson's direct path when STELVIOGEN_DIRECT_JSON=1 (a line of
// .ci/run): the same tests and expectations on both paths. Test code only.
package directpath

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

// Enabled reports whether the suite runs on the direct path.
var Enabled = os.Getenv("STELVIOGEN_DIRECT_JSON") == "1"

// clients are the clients API made, whose Stats Main checks.
var (
	mu      sync.Mutex
	clients []*ddbjson.Client
)

// API is the client a suite's stores get: client itself, or
// ddbjson.NewClient(client) when Enabled.
func API(client *dynamodb.Client) ddb.API {
	if !Enabled {
		return client
	}
	c := ddbjson.NewClient(client)
	mu.Lock()
	clients = append(clients, c)
	mu.Unlock()
	return c
}

// Main runs the suite (a package's TestMain calls it) and, on the direct
// path, fails a whole run (no -run) that decoded no item directly: the
// suites' models are generated with -json, so a run on the map path alone
// means the switch did not take.
func Main(m *testing.M) {
	code := m.Run()
	if Enabled && code == 0 && flag.Lookup("test.run").Value.String() == "" {
		var direct, viaMap int64
		for _, c := range clients {
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
