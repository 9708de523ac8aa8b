package gen

import (
	"testing"

	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/tags"
)

// The generated constants and the runtime must name link variables alike.
func TestEnvNameMatchesRuntime(t *testing.T) {
	for _, name := range []string{"orders", "my-table.v2", "Users_2", "a b", "x", "über-table"} {
		if got, want := "STLV_"+envName(name)+"_TABLE_NAME", ddb.TableNameEnv(name); got != want {
			t.Errorf("%q: gen %q, runtime %q", name, got, want)
		}
	}
}

func TestIndexIdent(t *testing.T) {
	for in, want := range map[string]string{"status-index": "StatusIndex", "by-day": "ByDayIndex", "gsi.1": "Gsi1Index", "9lives": "X9livesIndex"} {
		if got := indexIdent(&tags.Index{Name: in}); got != want {
			t.Errorf("indexIdent(%q) = %q, want %q", in, got, want)
		}
	}
}
