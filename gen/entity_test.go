package gen

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/keys"
	"github.com/stelviogen/stelviogen/tags"
)

// entityTestModel is the model of internal/entitytest as tags analyses it
// (its committed code is go generate's, checked by internal/cli's
// TestCommittedCodeIsCurrent); tests may change it.
func entityTestModel(t testing.TB) *tags.Package {
	t.Helper()
	pkg, err := tags.Load(filepath.Join("..", "internal", "entitytest"), tags.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// shopTable is the model's table named shop.
func shopTable(t testing.TB, pkg *tags.Package) *tags.Table {
	t.Helper()
	for _, tb := range pkg.Tables {
		if tb.Name == "shop" {
			return tb
		}
	}
	t.Fatal("no table shop")
	return nil
}

// An Order-size entity's file stays thin.
func TestEntityFileSize(t *testing.T) {
	m := entityTestModel(t)
	files, err := Generate(m, Config{NoDocs: true})
	if err != nil {
		t.Fatal(err)
	}
	want, tableFiles := 0, map[string]bool{}
	for _, tb := range m.Tables {
		want += 2 + len(tb.Entities) // handler and infra files, one per entity
		tableFiles[fileBase(tb)+"_stelviogen.go"] = true
	}
	if len(files) != want {
		t.Errorf("want each table's files (handler, infra) and one per entity (%d), got %d files", want, len(files))
	}
	for path, src := range files {
		if filepath.Base(filepath.Dir(path)) == "infra" || tableFiles[filepath.Base(path)] {
			continue
		}
		if n := bytes.Count(src, []byte("\n")); n > 450 {
			t.Errorf("%s: %d lines, want at most 450", filepath.Base(path), n)
		}
	}
}

// The schema and infra of an entity table project the type attribute into
// INCLUDE indexes (so their items decode as their entity) and take the
// entities' TTL attribute; the model is not changed.
func TestEffectiveTableProjectsTypeAttr(t *testing.T) {
	m := entityTestModel(t)
	shop := shopTable(t, m)
	shop.GSIs[0].Projection = tags.Projection{Type: tags.ProjectInclude, NonKey: []string{"email"}}
	ttl := &tags.Field{Path: []string{"ExpiresAt"}, Attr: "expires_at", Type: &tags.Type{Kind: tags.KindInt, Basic: "int64"}}
	shop.Entities[1].TTL = ttl
	eff := effectiveTable(shop)
	if got := eff.GSIs[0].Projection.NonKey; len(got) != 2 || got[1] != "_et" {
		t.Errorf("INCLUDE projection %v, want the type attribute added", got)
	}
	if got := shop.GSIs[0].Projection.NonKey; len(got) != 1 {
		t.Errorf("the model's projection changed: %v", got)
	}
	if eff.GSIs[1].Projection.NonKey != nil {
		t.Errorf("KEYS_ONLY projection got %v", eff.GSIs[1].Projection.NonKey)
	}
	if eff.TTL != ttl {
		t.Errorf("TTL %v", eff.TTL)
	}
	files, err := Generate(m, Config{})
	if err != nil {
		t.Fatal(err)
	}
	var schema, infra string
	for path, src := range files {
		switch {
		case strings.HasSuffix(path, filepath.Join("infra", "shop_stelviogen.go")):
			infra = string(src)
		case strings.HasSuffix(path, "shop_stelviogen.go"):
			schema = string(src)
		}
	}
	if !strings.Contains(schema, `NonKey:     []string{"email", "_et"}`) || !strings.Contains(schema, `TTL:        "expires_at"`) {
		t.Errorf("schema lacks the type attribute's projection or the TTL:\n%s", schema)
	}
	if !strings.Contains(infra, `"_et"`) {
		t.Errorf("infra lacks the type attribute's projection")
	}
}

// A change of an entity's template changes the fingerprint, so the
// unchanged-rerun shortcut regenerates its code.
func TestFingerprintCoversEntities(t *testing.T) {
	a := Fingerprint(entityTestModel(t), Config{})
	m := entityTestModel(t)
	k := shopTable(t, m).Entities[0].Keys[0]
	k.Text = "CUST#{ID}"
	tmpl, err := keys.Parse(k.Text, keys.PartitionKey, '#')
	if err != nil {
		t.Fatal(err)
	}
	if err := tmpl.Bind(keys.KindString); err != nil {
		t.Fatal(err)
	}
	k.Template = tmpl
	if Fingerprint(m, Config{}) == a {
		t.Error("a changed key template keeps the fingerprint")
	}
	if Fingerprint(entityTestModel(t), Config{}) != a {
		t.Error("the fingerprint is not deterministic")
	}
}

// An entity whose file name is a table's is refused, not overwritten.
func TestEntityFileNameClash(t *testing.T) {
	m := entityTestModel(t)
	shopTable(t, m).Entities[3].Struct.Name = "Shop"
	if _, err := Generate(m, Config{}); err == nil || !strings.Contains(err.Error(), "shop_stelviogen.go") {
		t.Errorf("entity named like its table: %v", err)
	}
}
