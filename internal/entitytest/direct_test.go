package entitytest

import (
	"testing"

	"github.com/stelviogen/stelviogen/internal/directpath"
)

// storeAPI is the client the suite's stores get (see directpath.API).
var storeAPI = directpath.API

func TestMain(m *testing.M) { directpath.Main(m) }
