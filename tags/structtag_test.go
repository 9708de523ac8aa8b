package tags

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseStructTag(t *testing.T) {
	entries, err := parseStructTag(`dynamodbav:"customer_id" dynamo:"pk"  gsi:"a,pk;b,sk"`)
	if err != nil {
		t.Fatal(err)
	}
	want := []tagEntry{
		{Key: "dynamodbav", Value: "customer_id", Offset: 12},
		{Key: "dynamo", Value: "pk", Offset: 33},
		{Key: "gsi", Value: "a,pk;b,sk", Offset: 43},
	}
	if !reflect.DeepEqual(entries, want) {
		t.Errorf("got %+v\nwant %+v", entries, want)
	}
	for _, bad := range []string{`dynamo: "pk"`, `dynamo:pk`, `dynamo:"pk`, `dynamo:"pk"gsi:"x,pk"`, `:"x"`, `dynamo:"a" dynamo:"b"`} {
		if _, err := parseStructTag(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// The parser agrees with reflect on every well-formed tag.
func FuzzParseStructTag(f *testing.F) {
	for _, s := range []string{`dynamodbav:"customer_id" dynamo:"pk"`, `gsi:"a,pk;b,sk,project=x|y"`, `json:"a,omitempty" x:"\"q\""`, `dynamo: "pk"`, ``, `a:"\x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tag string) {
		entries, err := parseStructTag(tag)
		if err != nil {
			return
		}
		for _, e := range entries {
			got, ok := reflect.StructTag(tag).Lookup(e.Key)
			if !ok || got != e.Value {
				t.Fatalf("tag %q key %q: parsed %q, reflect %q (%v)", tag, e.Key, e.Value, got, ok)
			}
			if e.Offset < 0 || e.Offset > len(tag) {
				t.Fatalf("tag %q: offset %d out of range", tag, e.Offset)
			}
		}
	})
}

func TestDefaultTableName(t *testing.T) {
	for in, want := range map[string]string{
		"Order": "order", "OrderLineItem": "order-line-item", "HTTPLog": "http-log",
		"UserV2": "user-v2", "SKU": "sku", "Ab": "ab",
	} {
		if got := defaultTableName(in); got != want {
			t.Errorf("defaultTableName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseAVTag(t *testing.T) {
	got := parseAVTag("name,omitempty,string,bogus")
	if got.Name != "name" || !got.Enc.OmitEmpty || !got.Enc.AsString || len(got.Unknown) != 1 {
		t.Errorf("got %+v", got)
	}
	if !parseAVTag("-").Ignore {
		t.Error(`"-" not ignored`)
	}
}

func TestLoadAcceptsAWSSpellings(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\ntype Order struct {\n" +
		"\t_ struct{} `dynamo:\"table=orders,stream=NEW_AND_OLD_IMAGES\"`\n" +
		"\tID string `dynamo:\"pk\"`\n" +
		"\tStatus string `gsi:\"by-status,pk,project=ALL\"`\n" +
		"\tDay string `gsi:\"by-day,pk,project=KEYS_ONLY\"`\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/p\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "m.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tb := pkg.Tables[0]
	if tb.Stream != StreamNewAndOld || tb.GSIs[0].Projection.Type != ProjectAll || tb.GSIs[1].Projection.Type != ProjectKeysOnly {
		t.Errorf("stream %q, projections %q %q", tb.Stream, tb.GSIs[0].Projection.Type, tb.GSIs[1].Projection.Type)
	}
}
