package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const replaceBase = `package shop

type Order struct {
	_          struct{} ` + "`dynamo:\"table=orders\"`" + `
	CustomerID string   ` + "`dynamodbav:\"customer_id\" dynamo:\"pk\"`" + `
	OrderDate  string   ` + "`dynamodbav:\"order_date\" dynamo:\"sk\"`" + `
	Status     string   ` + "`dynamodbav:\"status\" lsi:\"status-index\" gsi:\"by-status,pk\"`" + `
	Total      int64    ` + "`dynamodbav:\"total\"`" + `
	Region     string   ` + "`dynamodbav:\"region\"`" + `
}
`

// TestReplacementGuard generates a model, edits its tags and generates again:
// edits that make AWS replace the table are refused (nothing written) unless
// -allow-replace is given; safe edits go through.
func TestReplacementGuard(t *testing.T) {
	cases := []struct {
		name, from, to string
		refused        string // "" for a safe change
	}{
		{"new partition key", `dynamodbav:\"customer_id\" dynamo:\"pk\"`, `dynamodbav:\"customer\" dynamo:\"pk\"`, "partition key changes from customer_id:S to customer:S"},
		{"key type", "OrderDate  string   `dynamodbav:\"order_date\"", "OrderDate  int64    `dynamodbav:\"order_date\"", "sort key changes from order_date:S to order_date:N"},
		{"new sort key", `dynamodbav:\"order_date\" dynamo:\"sk\"`, `dynamodbav:\"placed_at\" dynamo:\"sk\"`, "sort key changes from order_date:S to placed_at:S"},
		{"lsi added", "`dynamodbav:\"total\"`", "`dynamodbav:\"total\" lsi:\"total-index\"`", `local index "total-index" is added`},
		{"lsi removed", ` lsi:\"status-index\"`, ``, `local index "status-index" is removed`},
		{"lsi changed", `lsi:\"status-index\"`, `lsi:\"status-index,project=all\"`, `local index "status-index" changes (projection KEYS_ONLY[] -> ALL[]; LSIs are fixed`},
		{"table renamed", `table=orders`, `table=orders-v2`, `table name changes from "orders" to "orders-v2"`},
		{"gsi added", "`dynamodbav:\"region\"`", "`dynamodbav:\"region\" gsi:\"by-region,pk\"`", ""},
		{"gsi removed", ` gsi:\"by-status,pk\"`, ``, ""},
		{"gsi projection", `gsi:\"by-status,pk\"`, `gsi:\"by-status,pk,project=all\"`, ""},
		{"non-key field", "\tRegion     string   `dynamodbav:\"region\"`\n", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := moduleTempDir(t)
			src := filepath.Join(dir, "models.go")
			write(t, src, replaceBase)
			if code := runQuiet(t, dir); code != 0 {
				t.Fatalf("first generation: exit %d", code)
			}
			from := strings.ReplaceAll(c.from, `\"`, `"`)
			to := strings.ReplaceAll(c.to, `\"`, `"`)
			if !strings.Contains(replaceBase, from) {
				t.Fatalf("test edit %q not in the model", from)
			}
			write(t, src, strings.Replace(replaceBase, from, to, 1))
			before := readAll(t, dir)
			var stderr bytes.Buffer
			code := Run([]string{dir}, &bytes.Buffer{}, &stderr)
			if c.refused == "" {
				if code != 0 {
					t.Fatalf("safe change refused: exit %d\n%s", code, stderr.String())
				}
				return
			}
			if code != 1 || !strings.Contains(stderr.String(), c.refused) {
				t.Fatalf("exit %d, stderr:\n%s\nwant it to name: %s", code, stderr.String(), c.refused)
			}
			after := readAll(t, dir)
			for f := range before {
				if before[f] != after[f] {
					t.Errorf("%s written although the change was refused", f)
				}
			}
			if code := Run([]string{"-allow-replace", dir}, &bytes.Buffer{}, &stderr); code != 0 {
				t.Fatalf("-allow-replace: exit %d\n%s", code, stderr.String())
			}
		})
	}
}

func runQuiet(t *testing.T, dir string) int {
	t.Helper()
	var stderr bytes.Buffer
	code := Run([]string{dir}, &bytes.Buffer{}, &stderr)
	if code != 0 {
		t.Log(stderr.String())
	}
	return code
}

// moduleTempDir is a temporary directory inside this module, so the go command
// loads it as one of the module's packages.
func moduleTempDir(t testing.TB) string {
	t.Helper()
	base := filepath.Join(moduleRoot(t), "internal", "cli", "testdata")
	if err := os.MkdirAll(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(base, "tmp-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// Renaming the Go type moves the table to another file; the guard still finds
// the table's record by its name.
func TestReplacementGuardFollowsTheTable(t *testing.T) {
	dir := moduleTempDir(t)
	src := filepath.Join(dir, "models.go")
	write(t, src, replaceBase)
	if code := runQuiet(t, dir); code != 0 {
		t.Fatal("first generation failed")
	}
	renamed := strings.Replace(replaceBase, "type Order struct", "type Purchase struct", 1)
	renamed = strings.Replace(renamed, `dynamodbav:"order_date" dynamo:"sk"`, `dynamodbav:"order_day" dynamo:"sk"`, 1)
	write(t, src, renamed)
	var stderr bytes.Buffer
	if code := Run([]string{dir}, &bytes.Buffer{}, &stderr); code != 1 || !strings.Contains(stderr.String(), "sort key changes from order_date:S to order_day:S") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "order_stelviogen.go")); err != nil {
		t.Errorf("the refused run removed the old file: %v", err)
	}
}

// With -type, a run manages only the named tables' files.
func TestTypeFlagKeepsOtherTables(t *testing.T) {
	dir := moduleTempDir(t)
	write(t, filepath.Join(dir, "m.go"), "package p\n\ntype One struct {\n\tID string `dynamo:\"pk\"`\n}\n\ntype Two struct {\n\tID string `dynamo:\"pk\"`\n}\n")
	if code := runQuiet(t, dir); code != 0 {
		t.Fatal("first run failed")
	}
	var stderr bytes.Buffer
	if code := Run([]string{"-type", "Two", dir}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("-type Two: exit %d\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "one_stelviogen.go")); err != nil {
		t.Errorf("-type Two removed One's file: %v", err)
	}
}

// After a change the guard refuses, -check names the change and the way
// forward (go generate would refuse it, so "run go generate" would not help),
// and writes nothing.
func TestCheckNamesGuardedChange(t *testing.T) {
	dir := moduleTempDir(t)
	src := filepath.Join(dir, "models.go")
	write(t, src, replaceBase)
	if code := runQuiet(t, dir); code != 0 {
		t.Fatal("first generation failed")
	}
	write(t, src, strings.Replace(replaceBase, `dynamodbav:"order_date" dynamo:"sk"`, `dynamodbav:"placed_at" dynamo:"sk"`, 1))
	before := readAll(t, dir)
	var stderr bytes.Buffer
	code := Run([]string{"-check", dir}, &bytes.Buffer{}, &stderr)
	got := stderr.String()
	if code != 1 {
		t.Fatalf("-check: exit %d, want 1\n%s", code, got)
	}
	for _, want := range []string{
		`infra/order_stelviogen.go: table "orders": sort key changes from order_date:S to placed_at:S`,
		"make AWS replace the table",
		"run stelviogen -allow-replace",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("-check output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "run go generate") {
		t.Errorf("-check advises go generate, which refuses the change:\n%s", got)
	}
	after := readAll(t, dir)
	for f := range before {
		if before[f] != after[f] {
			t.Errorf("-check wrote %s", f)
		}
	}
	// The way forward works, and then -check is content.
	if code := Run([]string{"-allow-replace", dir}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("-allow-replace: exit %d\n%s", code, stderr.String())
	}
	stderr.Reset()
	if code := Run([]string{"-check", dir}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("-check after -allow-replace: exit %d\n%s", code, stderr.String())
	}
}

// A safe change still gets the usual advice.
func TestCheckSafeChangeSaysRunGoGenerate(t *testing.T) {
	dir := moduleTempDir(t)
	src := filepath.Join(dir, "models.go")
	write(t, src, replaceBase)
	if code := runQuiet(t, dir); code != 0 {
		t.Fatal("first generation failed")
	}
	write(t, src, strings.Replace(replaceBase, "`dynamodbav:\"region\"`", "`dynamodbav:\"region\" gsi:\"by-region,pk\"`", 1))
	var stderr bytes.Buffer
	if code := Run([]string{"-check", dir}, &bytes.Buffer{}, &stderr); code != 1 || !strings.Contains(stderr.String(), "stale generated file; run go generate") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
}
