// This file is a Go test, kept as .txt until the tags side of the single-table
// design (entities, key templates) is merged: then rename it to
// template_guard_test.go. It needs no other change.

package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

const templateGuardBase = `package shop

import "time"

type Shop struct {
	_      struct{} ` + "`dynamo:\"table=shop\"`" + `
	PK     string   ` + "`dynamodbav:\"pk\" dynamo:\"pk\"`" + `
	SK     string   ` + "`dynamodbav:\"sk\" dynamo:\"sk\"`" + `
	GSI1PK string   ` + "`dynamodbav:\"gsi1pk,omitempty\" gsi:\"gsi1,pk,project=all\"`" + `
	GSI1SK string   ` + "`dynamodbav:\"gsi1sk,omitempty\" gsi:\"gsi1,sk\"`" + `
}

type Customer struct {
	_     struct{} ` + "`dynamo:\"entity=customer,in=Shop\" key:\"pk=CUSTOMER#{ID},sk=PROFILE,gsi1pk=EMAIL#{Email|lower},gsi1sk=CUSTOMER\"`" + `
	ID    string   ` + "`dynamodbav:\"id\"`" + `
	Email string   ` + "`dynamodbav:\"email\"`" + `
}

type Order struct {
	_          struct{}  ` + "`dynamo:\"entity=order,in=Shop\" key:\"pk=CUSTOMER#{CustomerID},sk=ORDER#{PlacedAt}#{ID}\"`" + `
	CustomerID string    ` + "`dynamodbav:\"customer_id\"`" + `
	ID         string    ` + "`dynamodbav:\"id\"`" + `
	N          int64     ` + "`dynamodbav:\"n\"`" + `
	PlacedAt   time.Time ` + "`dynamodbav:\"placed_at\"`" + `
	Status     string    ` + "`dynamodbav:\"status\"`" + `
}
`

// TestTemplateGuard generates a single-table model, edits it and generates
// again: edits that strand stored items are refused (nothing written, each
// named at its place) unless -allow-template-change is given; safe edits go
// through, index additions with a note.
func TestTemplateGuard(t *testing.T) {
	cases := []struct {
		name, from, to string
		refused        string // "" for a change that goes through
		note           string // a note expected on a change that goes through
	}{
		{"field order", `sk=ORDER#{PlacedAt}#{ID}`, `sk=ORDER#{ID}#{PlacedAt}`,
			`models.go:20:87: entity "order": template of sk (sort key of the table) changes from ORDER#{PlacedAt:time}#{ID:string} to ORDER#{ID:string}#{PlacedAt:time}: items stored under the old keys are no longer found`, ""},
		{"literal", `sk=ORDER#{PlacedAt}#{ID}`, `sk=ORD#{PlacedAt}#{ID}`,
			`models.go:20:87: entity "order": template of sk (sort key of the table) changes from ORDER#{PlacedAt:time}#{ID:string} to ORD#{PlacedAt:time}#{ID:string}`, ""},
		{"encoding", `sk=ORDER#{PlacedAt}#{ID}`, `sk=ORDER#{PlacedAt}#{N}`, `changes from ORDER#{PlacedAt:time}#{ID:string} to ORDER#{PlacedAt:time}#{N:int}`, ""},
		{"modifier", `pk=CUSTOMER#{ID}`, `pk=CUSTOMER#{ID|lower}`,
			`models.go:14:59: entity "customer": template of pk (partition key of the table) changes from CUSTOMER#{ID:string} to CUSTOMER#{ID:string|lower}`, ""},
		{"entity renamed", `entity=order,`, `entity=purchase,`, `: table "shop": entity "order" is renamed to "purchase": stored items say "order" in "_et"`, ""},
		{"entity removed", `dynamo:\"entity=order,in=Shop\" key:\"pk=CUSTOMER#{CustomerID},sk=ORDER#{PlacedAt}#{ID}\"`, `json:\"-\"`,
			`infra/shop_stelviogen.go: table "shop": entity "order" is removed: its stored items stay in the table, read by no store`, ""},
		{"type attribute", `table=shop`, `table=shop,type=kind`, `entity type attribute changes from "_et" to "kind"`, ""},
		{"separator", `table=shop`, `table=shop,sep=|`, `key separator changes from "#" to "|"`, ""},
		{"index added", `sk=ORDER#{PlacedAt}#{ID}`, `sk=ORDER#{PlacedAt}#{ID},gsi1pk=ORDER#{ID},gsi1sk=ORDER`, "",
			`note: entity "order" now fills gsi1pk (partition key of index "gsi1")`},
		{"non-key field", "\tStatus     string    `dynamodbav:\\\"status\\\"`\n", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := moduleTempDir(t)
			src := filepath.Join(dir, "models.go")
			write(t, src, templateGuardBase)
			if code := runQuiet(t, dir); code != 0 {
				t.Fatalf("first generation: exit %d", code)
			}
			from := strings.ReplaceAll(c.from, `\"`, `"`)
			to := strings.ReplaceAll(c.to, `\"`, `"`)
			if !strings.Contains(templateGuardBase, from) {
				t.Fatalf("test edit %q not in the model", from)
			}
			write(t, src, strings.Replace(templateGuardBase, from, to, 1))
			before := readAll(t, dir)
			var stderr bytes.Buffer
			code := Run([]string{dir}, &bytes.Buffer{}, &stderr)
			if c.refused == "" {
				if code != 0 {
					t.Fatalf("safe change refused: exit %d\n%s", code, stderr.String())
				}
				if c.note != "" && !strings.Contains(stderr.String(), c.note) {
					t.Fatalf("stderr:\n%s\nwant a note: %s", stderr.String(), c.note)
				}
				return
			}
			if code != 1 || !strings.Contains(stderr.String(), c.refused) || !strings.Contains(stderr.String(), "-allow-template-change") {
				t.Fatalf("exit %d, stderr:\n%s\nwant it to name: %s", code, stderr.String(), c.refused)
			}
			after := readAll(t, dir)
			for f := range before {
				if before[f] != after[f] {
					t.Errorf("%s written although the change was refused", f)
				}
			}
			stderr.Reset()
			if code := Run([]string{"-check", dir}, &bytes.Buffer{}, &stderr); code != 1 || !strings.Contains(stderr.String(), c.refused) {
				t.Fatalf("-check: exit %d, stderr:\n%s\nwant it to name: %s", code, stderr.String(), c.refused)
			}
			stderr.Reset()
			if code := Run([]string{"-allow-replace", dir}, &bytes.Buffer{}, &stderr); code != 1 {
				t.Fatalf("-allow-replace accepted a template change: exit %d\n%s", code, stderr.String())
			}
			if code := Run([]string{"-allow-template-change", dir}, &bytes.Buffer{}, &stderr); code != 0 {
				t.Fatalf("-allow-template-change: exit %d\n%s", code, stderr.String())
			}
			if code := runQuiet(t, dir); code != 0 {
				t.Fatalf("the run after the allowed change: exit %d", code)
			}
		})
	}
}
