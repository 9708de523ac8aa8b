package ddb_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// A version conflict on an existing item says the version stored (DynamoDB
// returns the item with the failed condition) and the one expected, for
// Put, UpdateVersion and DeleteVersion and their transaction forms.
func TestVersionConflictSaysStoredVersion(t *testing.T) {
	s := newWidgets(t, true)
	s.put(&widget{PK: "v", SK: 1, Version: 7})
	s.put(&widget{PK: "v", SK: 2, Version: 2})
	key := widgetKey("v", 1)
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"Put", ddb.Put(t.Context(), &s.w, &widget{PK: "v", SK: 1, Version: 3}, nil), "version conflict: stored version 7, expected 3: "},
		{"UpdateVersion", func() error { _, err := s.updateVersion("v", 1, 5, W.Count.Add(1)); return err }(), "version conflict: stored version 7, expected 5: "},
		{"DeleteVersion", ddb.DeleteVersion(t.Context(), &s.w, key, 0, nil), "version conflict: stored version 7, expected 0: "},
		{"TxPut", ddb.WriteTx(t.Context(), s.client, ddb.TxPut(&s.w, &widget{PK: "v", SK: 1, Version: 1}, nil)), "action 0 (Put " + s.name + " " + ddb.FormatKey(key) + "): version conflict: stored version 7, expected 1: "},
		{"TxUpdateVersion", ddb.WriteTx(t.Context(), s.client,
			ddb.TxUpdateVersion(&s.w, widgetKey("v", 2), 2, []ddb.UpdateOption{W.Count.Add(1)}),
			ddb.TxUpdateVersion(&s.w, key, 6, []ddb.UpdateOption{W.Count.Add(1)})), "action 1 (Update " + s.name + " " + ddb.FormatKey(key) + "): version conflict: stored version 7, expected 6: "},
		{"TxDeleteVersion", ddb.WriteTx(t.Context(), s.client, ddb.TxDeleteVersion(&s.w, key, 0, nil)), "version conflict: stored version 7, expected 0: "},
	} {
		if !errors.Is(c.err, ddb.ErrVersionConflict) || errors.Is(c.err, ddb.ErrNotFound) {
			t.Errorf("%s: %v, want ErrVersionConflict", c.name, c.err)
			continue
		}
		if !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s:\n got %q\nwant it to hold %q", c.name, c.err, c.want)
		}
		if got := ddb.FailedItem[widget](c.err); got == nil || got.Version != 7 {
			t.Errorf("%s: FailedItem %+v, want the item at version 7", c.name, got)
		}
	}
	if got := s.get("v", 1); got.Version != 7 || got.Count != 0 {
		t.Fatalf("a refused write wrote: %+v", got)
	}
}
