// Command stelviogen generates DynamoDB table definitions (Pulumi), a typed
// data-access layer and Lambda linking code from tagged Go structs.
//
// Usage, from a package of models:
//
//	//go:generate go tool stelviogen
//
// Flags:
//
//	-infra dir       directory of the generated infra (Pulumi) package (default "infra")
//	-infra-pkg path  its import path, when dir is outside the model package
//	-type T,U        only these structs are tables (default: every struct with a dynamo:"pk" field)
//	-tags a,b        build tags for loading the package
//	-check           write nothing; exit 1 and name the files that differ from what would be generated
//	                 (or the table-replacing changes a run would refuse, and how to proceed)
//	-force           render every file even when nothing changed since the last run
//	-allow-replace   accept tag changes that make AWS replace a table (new key, LSI change, rename)
package main

import (
	"os"

	"github.com/stelviogen/stelviogen/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
