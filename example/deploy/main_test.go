package main

import (
	"sort"
	"testing"

	"github.com/stelviogen/stelviogen/internal/pulumitest"
)

// TestProgram runs the example program under Pulumi's mocks: both tables are
// declared with Stelvio's physical names.
func TestProgram(t *testing.T) {
	eng := pulumitest.Run(t, program)
	var names []string
	for _, d := range eng.ByType(pulumitest.TokTable) {
		names = append(names, d.Inputs["name"].StringValue())
	}
	sort.Strings(names) // registrations arrive concurrently
	if len(names) != 2 || names[0] != "app-dev-orders" || names[1] != "app-dev-users" {
		t.Fatalf("tables %v, want [app-dev-orders app-dev-users]", names)
	}
}
