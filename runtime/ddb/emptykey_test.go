package ddb_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// emptyKeyError checks that err is an *InputError about attr wrapping
// ErrEmptyKey and ErrInvalidInput.
func emptyKeyError(t *testing.T, what string, err error, attr string) {
	t.Helper()
	if !errors.Is(err, ddb.ErrEmptyKey) || !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("%s: %v, want ErrEmptyKey and ErrInvalidInput", what, err)
		return
	}
	var ie *ddb.InputError
	if !errors.As(err, &ie) {
		t.Errorf("%s: %v is not an *InputError", what, err)
		return
	}
	if attr != "" && ie.Attr != attr {
		t.Errorf("%s: InputError.Attr %q, want %q (%v)", what, ie.Attr, attr, err)
	}
}

func TestPutEmptyKeys(t *testing.T) {
	s := newWidgets(t, false)
	cases := []struct {
		name  string
		w     *widget
		attr  string
		index string // named in the message
	}{
		{"empty partition key", &widget{PK: "", SK: 1}, "pk", "partition key"},
		{"empty string index key", &widget{PK: "p", SK: 1, Code: aws.String("")}, "code", "by-code"},
		{"empty binary index key", &widget{PK: "p", SK: 1, Tag: []byte{}}, "tag", "by-tag"},
	}
	for _, c := range cases {
		for _, op := range []struct {
			name string
			f    func() error
		}{
			{"Put", func() error { return ddb.Put(t.Context(), &s.w, c.w, nil) }},
			{"Create", func() error { return ddb.Create(t.Context(), &s.w, c.w, nil) }},
			{"WriteBatch", func() error {
				return ddb.WriteBatch(t.Context(), &s.w, []widget{{PK: "ok", SK: 1}, *c.w}, nil, nil)
			}},
		} {
			err := op.f()
			emptyKeyError(t, c.name+": "+op.name, err, "")
			if err != nil && !strings.Contains(err.Error(), c.index) {
				t.Errorf("%s: %s: message %q does not name %q", c.name, op.name, err, c.index)
			}
		}
		var bw *ddb.BatchWriteError
		if err := ddb.WriteBatch(t.Context(), &s.w, []widget{{PK: "ok", SK: 1}, *c.w}, nil, nil); !errors.As(err, &bw) || !slices.Equal(bw.Unwritten, []int{0, 1}) {
			t.Errorf("%s: WriteBatch: %v, want a *BatchWriteError listing both puts", c.name, err)
		}
	}
	if n := s.count(); n != 0 {
		t.Fatalf("%d items written", n)
	}
	// Absent index keys make a sparse index: the item is written and left out of the index.
	sparse := &widget{PK: "p", SK: 1, Status: "", Name: ""}
	if err := ddb.Put(t.Context(), &s.w, sparse, nil); err != nil {
		t.Fatalf("put without index keys: %v", err)
	}
	for _, name := range []string{"status", "name", "code", "tag"} {
		if _, ok := s.raw("p", 1)[name]; ok {
			t.Errorf("%s is stored, want it absent", name)
		}
	}
	for _, ix := range []*ddb.Index{widgetByStatus, widgetByName, widgetByTag} {
		if n, err := ddb.QueryIndex[widget](&s.r, ix, ddb.ScanAll, []ddb.QueryOption{}).Count(t.Context()); err != nil || n != 0 {
			t.Errorf("index %s holds %d items (%v), want 0", ix.Name, n, err)
		}
	}
	if err := ddb.Put(t.Context(), &s.w, &widget{PK: "p", SK: 2, Status: "s", Name: "n", Code: aws.String("c"), Tag: []byte{1}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, ix := range []*ddb.Index{widgetByStatus, widgetByName, widgetByTag} {
		if n, err := ddb.QueryIndex[widget](&s.r, ix, ddb.ScanAll, []ddb.QueryOption{}).Count(t.Context()); err != nil || n != 1 {
			t.Errorf("index %s holds %d items (%v), want 1", ix.Name, n, err)
		}
	}
	if keys, err := all(t, ddb.QueryIndex[widgetKeys](&s.r, widgetByCode, W.Code.Key("c"), []ddb.QueryOption{})); err != nil || len(keys) != 1 || keys[0] != (widgetKeys{PK: "p", SK: 2, Code: "c"}) {
		t.Errorf("by-code query: %+v, %v", keys, err)
	}
}

// A versioned put refused for an empty key leaves the version alone.
func TestVersionedPutEmptyKeyKeepsTheVersion(t *testing.T) {
	s := newWidgets(t, true)
	v := &widget{PK: "p", SK: 1, Code: aws.String("")}
	emptyKeyError(t, "Put", ddb.Put(t.Context(), &s.w, v, nil), "code")
	if v.Version != 0 {
		t.Fatalf("version %d after a refused put, want 0", v.Version)
	}
	v.Version = 4
	emptyKeyError(t, "Put", ddb.Put(t.Context(), &s.w, v, nil), "code")
	if v.Version != 4 {
		t.Fatalf("version %d after a refused put, want 4", v.Version)
	}
	if s.count() != 0 {
		t.Fatal("a refused put wrote")
	}
}

func TestKeyOperationsRefuseEmptyKeys(t *testing.T) {
	s := newWidgets(t, true)
	s.put(&widget{PK: "p", SK: 1})
	empty := widgetKey("", 1)
	missingSK := map[string]types.AttributeValue{"pk": ddb.S("p")}
	nullPK := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberNULL{Value: true}, "sk": ddb.NInt(1)}
	for _, key := range []map[string]types.AttributeValue{empty, missingSK, nullPK} {
		desc := ddb.FormatKey(key)
		_, err := ddb.Get(t.Context(), &s.r, key, nil, new(widget))
		emptyKeyError(t, "Get "+desc, err, "")
		emptyKeyError(t, "Delete "+desc, ddb.Delete(t.Context(), &s.w, key, nil), "")
		emptyKeyError(t, "DeleteVersion "+desc, ddb.DeleteVersion(t.Context(), &s.w, key, 1, nil), "")
		_, err = ddb.Update(t.Context(), &s.w, key, []ddb.UpdateOption{W.Name.Set("x"), ddb.Upsert()}, new(widget))
		emptyKeyError(t, "Update "+desc, err, "")
		_, err = ddb.UpdateVersion(t.Context(), &s.w, key, 1, []ddb.UpdateOption{W.Name.Set("x")}, new(widget))
		emptyKeyError(t, "UpdateVersion "+desc, err, "")
		got, err := ddb.GetBatch[widget](t.Context(), &s.r, []map[string]types.AttributeValue{widgetKey("p", 1), key}, nil)
		emptyKeyError(t, "GetBatch "+desc, err, "")
		var bg *ddb.BatchGetError
		if !errors.As(err, &bg) || !slices.Equal(bg.Unread, []int{0, 1}) || len(got) != 0 {
			t.Errorf("GetBatch %s: %d items, %v; want a *BatchGetError listing both keys", desc, len(got), err)
		}
		err = ddb.WriteBatch[widget](t.Context(), &s.w, nil, []map[string]types.AttributeValue{widgetKey("p", 1), key}, nil)
		emptyKeyError(t, "WriteBatch delete "+desc, err, "")
	}
	if s.count() != 1 || s.get("p", 1).Name != "" {
		t.Fatal("a refused request wrote")
	}
}

func TestUpdateOfIndexKeys(t *testing.T) {
	s := newWidgets(t, false)
	start := &widget{PK: "p", SK: 1, Status: "s", Name: "n", Code: aws.String("c"), Tag: []byte{1}, Total: 3}
	s.put(start)
	for _, c := range []struct {
		name string
		act  ddb.Action
		attr string
	}{
		{"set to an empty string", W.Code.Set(""), "code"},
		{"set if not exists to an empty string", W.Code.SetIfNotExists(""), "code"},
		{"set to empty binary", W.Tag.Set([]byte{}), "tag"},
		{"set if not exists to empty binary", W.Tag.SetIfNotExists([]byte{}), "tag"},
	} {
		_, err := s.update("p", 1, W.Note.Set("changed"), c.act)
		emptyKeyError(t, c.name, err, c.attr)
		_, err = ddb.UpdateInput(&s.w, widgetKey("p", 1), nil, []ddb.UpdateOption{c.act})
		emptyKeyError(t, c.name+" (UpdateInput)", err, c.attr)
	}
	if got := s.get("p", 1); !sameWidget(got, start) {
		t.Fatalf("a refused update wrote: %+v", got)
	}
	// Setting an index key to a value, or removing it (an omitted value
	// removes it), moves the item in or out of the index.
	got, err := s.update("p", 1, W.Status.Set(""), W.Name.Set(""), W.Code.Remove(), W.Tag.Set(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "" || got.Name != "" || got.Code != nil || got.Tag != nil {
		t.Fatalf("after removing the index keys: %+v", got)
	}
	for _, ix := range []*ddb.Index{widgetByStatus, widgetByName, widgetByTag} {
		if n, err := ddb.QueryIndex[widget](&s.r, ix, ddb.ScanAll, []ddb.QueryOption{}).Count(t.Context()); err != nil || n != 0 {
			t.Errorf("index %s holds %d items (%v) after the update, want 0", ix.Name, n, err)
		}
	}
	if _, err := s.update("p", 1, W.Status.Set("t"), W.Name.SetIfNotExists("m"), W.Code.Set("d"), W.Tag.Set([]byte{2}), W.Total.Increment(1)); err != nil {
		t.Fatal(err)
	}
	got2, err := all(t, ddb.QueryIndex[widget](&s.r, widgetByStatus, W.Status.Key("t"), []ddb.QueryOption{W.Total.Eq(4)}))
	if err != nil || len(got2) != 1 || got2[0].Name != "m" || *got2[0].Code != "d" {
		t.Fatalf("by-status after setting the keys: %+v, %v", got2, err)
	}
}

func TestUpdateOfTableKeysIsRefused(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1})
	untyped := ddb.NewString(ddb.Attr("pk"), ddb.EncS[string])
	for _, c := range []struct {
		name string
		act  ddb.Action
	}{
		{"set partition key", W.PK.Set("q")},
		{"set partition key to empty", W.PK.Set("")},
		{"set if not exists of partition key", W.PK.SetIfNotExists("q")},
		{"remove partition key", W.PK.Remove()},
		{"set sort key", W.SK.Set(2)},
		{"add to sort key", W.SK.Add(1)},
		{"increment sort key", W.SK.Increment(1)},
		{"decrement sort key", W.SK.Decrement(1)},
		{"untyped path to the partition key", untyped.Set("q")},
	} {
		_, err := s.update("p", 1, W.Note.Set("x"), c.act)
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "cannot be updated") {
			t.Errorf("%s: %v, want ErrInvalidInput saying it cannot be updated", c.name, err)
		}
		_, err = ddb.Update(t.Context(), &s.w, widgetKey("p", 1), []ddb.UpdateOption{c.act, ddb.Upsert()}, new(widget))
		if !errors.Is(err, ddb.ErrInvalidInput) {
			t.Errorf("%s with upsert: %v, want ErrInvalidInput", c.name, err)
		}
	}
	if got := s.get("p", 1); got == nil || got.Note != "" || s.count() != 1 {
		t.Fatalf("a refused update wrote: %+v", got)
	}
}

func TestQueriesRefuseEmptyKeys(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Name: "n"})
	check := func(what string, all func() error, page func() error, count func() error, attr string) {
		t.Helper()
		emptyKeyError(t, what+" All", all(), attr)
		emptyKeyError(t, what+" Page", page(), attr)
		emptyKeyError(t, what+" Count", count(), attr)
	}
	type q = *ddb.Query[widget]
	forQuery := func(what string, mk func() q, attr string) {
		t.Helper()
		check(what,
			func() error { _, err := all(t, mk()); return err },
			func() error { _, _, err := mk().Page(t.Context(), ""); return err },
			func() error { _, err := mk().Count(t.Context()); return err },
			attr)
	}
	forQuery("empty partition key", func() q {
		return ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key(""), []ddb.TableQueryOption{})
	}, "pk")
	forQuery("empty GSI partition key", func() q {
		return ddb.QueryIndex[widget](&s.r, widgetByStatus, W.Status.Key(""), []ddb.QueryOption{})
	}, "status")
	forQuery("nil binary GSI partition key", func() q {
		return ddb.QueryIndex[widget](&s.r, widgetByTag, W.Tag.Key(nil), []ddb.QueryOption{})
	}, "tag")
	forQuery("empty binary GSI partition key", func() q {
		return ddb.QueryIndex[widget](&s.r, widgetByTag, W.Tag.Key([]byte{}), []ddb.QueryOption{})
	}, "tag")
	forQuery("empty sort key value", func() q {
		return ddb.QueryIndex[widget](&s.r, widgetByName, W.PK.Key("p"), []ddb.TableQueryOption{W.Name.Eq("")})
	}, "name")
	forQuery("empty sort key prefix", func() q {
		return ddb.QueryIndex[widget](&s.r, widgetByName, W.PK.Key("p"), []ddb.TableQueryOption{W.Name.BeginsWith("")})
	}, "name")
	forQuery("empty sort key bound", func() q {
		return ddb.QueryIndex[widget](&s.r, widgetByName, W.PK.Key("p"), []ddb.TableQueryOption{W.Name.Between("", "z")})
	}, "name")
	keys, err := all(t, ddb.QueryIndex[widgetKeys](&s.r, widgetByCode, W.Code.Key(""), []ddb.QueryOption{}))
	emptyKeyError(t, "empty KEYS_ONLY index partition key", err, "code")
	if len(keys) != 0 {
		t.Fatalf("items yielded: %v", keys)
	}
}
