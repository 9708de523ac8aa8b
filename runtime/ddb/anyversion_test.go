package ddb_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// countingWrites counts the UpdateItem, DeleteItem and TransactWriteItems
// requests that reach the server.
type countingWrites struct {
	ddb.API
	client *dynamodb.Client
	calls  atomic.Int32
}

func (c *countingWrites) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, o ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	c.calls.Add(1)
	return c.client.UpdateItem(ctx, in, o...)
}

func (c *countingWrites) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	c.calls.Add(1)
	return c.client.TransactWriteItems(ctx, in, o...)
}

// Regression: an update with no action (or only actions that do nothing,
// such as adding no elements to a set) was sent on a versioned table, where
// it returned nil and bumped the version, while the same update was refused
// on a table without versions. Every way of updating refuses it alike,
// before sending, and the stored item keeps its version.
func TestEmptyUpdateIsRefusedWithAndWithoutVersion(t *testing.T) {
	versioned := newWidgets(t, true)
	plain := newWidgets(t, false)
	versioned.put(&widget{PK: "p", SK: 1, Version: 4, Status: "a"})
	plain.put(&widget{PK: "p", SK: 1, Status: "a"})
	api := &countingWrites{API: versioned.client, client: versioned.client}
	vw := ddb.NewWriter(api, versioned.name, versionedWidgets)
	pw := ddb.NewWriter(api, plain.name, plainWidgets)
	key := widgetKey("p", 1)
	ctx := t.Context()

	for _, actions := range []struct {
		name string
		opts []ddb.UpdateOption
	}{
		{"no action", nil},
		{"an Add of no elements", []ddb.UpdateOption{W.Tags.Add()}},
		{"Add and Delete of no elements, with a condition", []ddb.UpdateOption{W.Tags.Add(), W.Nums.Delete(), ddb.If(W.Status.Eq("a"))}},
	} {
		upsert := append(actions.opts[:len(actions.opts):len(actions.opts)], ddb.Upsert())
		for _, way := range []struct {
			name string
			run  func() error
		}{
			{"Update, no version", func() error { _, err := ddb.Update(ctx, &pw, key, actions.opts, new(widget)); return err }},
			{"Update, no version, Upsert", func() error { _, err := ddb.Update(ctx, &pw, key, upsert, new(widget)); return err }},
			{"UpdateVersion", func() error { _, err := ddb.UpdateVersion(ctx, &vw, key, 4, actions.opts, new(widget)); return err }},
			{"UpdateAnyVersion", func() error { _, err := ddb.UpdateAnyVersion(ctx, &vw, key, actions.opts, new(widget)); return err }},
			{"UpdateAnyVersion, Upsert", func() error { _, err := ddb.UpdateAnyVersion(ctx, &vw, key, upsert, new(widget)); return err }},
			{"TxUpdate, no version", func() error { return ddb.WriteTx(ctx, api, ddb.TxUpdate(&pw, key, actions.opts)) }},
			{"TxUpdateVersion", func() error { return ddb.WriteTx(ctx, api, ddb.TxUpdateVersion(&vw, key, 4, actions.opts)) }},
			{"TxUpdateAnyVersion", func() error { return ddb.WriteTx(ctx, api, ddb.TxUpdateAnyVersion(&vw, key, actions.opts)) }},
		} {
			err := way.run()
			var ie *ddb.InputError
			if !errors.Is(err, ddb.ErrInvalidInput) || !errors.As(err, &ie) || !strings.Contains(err.Error(), "empty update") {
				t.Errorf("%s, %s: %v, want an *InputError saying empty update", way.name, actions.name, err)
			}
		}
	}
	if n := api.calls.Load(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
	if got := versioned.get("p", 1); got.Version != 4 || got.Status != "a" {
		t.Errorf("stored %+v after refused updates, want it unchanged at version 4", got)
	}
}

// UpdateAnyVersion checks no version, increments it in the same request,
// and keeps everything else of Update: conditions, Upsert, Return, typed
// errors.
func TestUpdateAnyVersion(t *testing.T) {
	s := newWidgets(t, true)
	ctx := t.Context()
	s.put(&widget{PK: "p", SK: 1, Version: 7, Count: 5, Status: "a"})
	anyVersion := func(pk string, sk int, opts ...ddb.UpdateOption) (*widget, error) {
		return ddb.UpdateAnyVersion(ctx, &s.w, widgetKey(pk, sk), opts, new(widget))
	}

	// Whatever version is stored, the update applies and increments it.
	got, err := anyVersion("p", 1, W.Count.Decrement(2), ddb.If(W.Count.Ge(2)))
	if err != nil || got.Count != 3 || got.Version != 8 {
		t.Fatalf("update at any version: %+v, %v, want count 3 at version 8", got, err)
	}
	// So a writer holding the version it read before conflicts.
	if _, err := s.updateVersion("p", 1, 7, W.Name.Set("stale")); !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("optimistic update at the version read before: %v, want ErrVersionConflict", err)
	}
	// A failing condition is the condition's failure, not a version conflict,
	// and changes nothing.
	_, err = anyVersion("p", 1, W.Count.Decrement(4), ddb.If(W.Count.Ge(4)))
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("failing condition: %v, want ErrConditionFailed only", err)
	}
	if cur := ddb.FailedItem[widget](err); cur == nil || cur.Count != 3 || cur.Version != 8 {
		t.Fatalf("FailedItem = %+v, want count 3 at version 8", cur)
	}
	// Return: the item before, or only what changed (the version with it).
	old, err := anyVersion("p", 1, W.Name.Set("n"), ddb.Return(ddb.OldItem))
	if err != nil || old.Name != "" || old.Version != 8 {
		t.Fatalf("Return(OldItem): %+v, %v, want the item at version 8", old, err)
	}
	upd, err := anyVersion("p", 1, W.Hits.Add(1), ddb.Return(ddb.UpdatedNew))
	if err != nil || upd.Hits != 1 || upd.Version != 10 || upd.Count != 0 || upd.Name != "" {
		t.Fatalf("Return(UpdatedNew): %+v, %v, want hits 1 and version 10 only", upd, err)
	}
	if none, err := anyVersion("p", 1, W.Hits.Add(1), ddb.Return(ddb.NoItem)); err != nil || none != nil {
		t.Fatalf("Return(NoItem): %+v, %v", none, err)
	}
	if got := s.get("p", 1); got.Version != 11 || got.Hits != 2 || got.Name != "n" || got.Count != 3 {
		t.Fatalf("stored %+v, want version 11", got)
	}
	// A missing item: ErrNotFound; with Upsert it is created at version 1.
	if _, err := anyVersion("q", 1, W.Count.Add(1)); !errors.Is(err, ddb.ErrNotFound) || errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("missing item: %v, want ErrNotFound only", err)
	}
	created, err := anyVersion("q", 1, W.Count.Add(1), ddb.Upsert())
	if err != nil || created.Count != 1 || created.Version != 1 {
		t.Fatalf("upsert: %+v, %v, want count 1 at version 1", created, err)
	}
	// The version is the runtime's to change.
	for _, bad := range []ddb.UpdateOption{W.Version.Set(1), W.Version.Add(1)} {
		if _, err := anyVersion("p", 1, W.Count.Add(1), bad); !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "managed by optimistic locking") {
			t.Errorf("an action on the version: %v, want ErrInvalidInput", err)
		}
	}
	// A table without version has Update for this.
	plain := newWidgets(t, false)
	plain.put(&widget{PK: "p", SK: 1})
	_, err = ddb.UpdateAnyVersion(ctx, &plain.w, widgetKey("p", 1), []ddb.UpdateOption{W.Count.Add(1)}, new(widget))
	if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "no version attribute") {
		t.Fatalf("UpdateAnyVersion on a table without version: %v, want ErrInvalidInput", err)
	}
	err = ddb.WriteTx(ctx, plain.client, ddb.TxUpdateAnyVersion(&plain.w, widgetKey("p", 1), []ddb.UpdateOption{W.Count.Add(1)}))
	if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "no version attribute") {
		t.Fatalf("TxUpdateAnyVersion on a table without version: %v, want ErrInvalidInput", err)
	}
	if got := plain.get("p", 1); got.Count != 0 {
		t.Fatalf("a refused update changed %+v", got)
	}
}

// TxUpdateAnyVersion in a transaction: no version checked, the version
// incremented on commit, a failed condition cancels everything.
func TestTxUpdateAnyVersion(t *testing.T) {
	s := newWidgets(t, true)
	ctx := t.Context()
	s.put(&widget{PK: "p", SK: 1, Version: 3, Count: 2})
	take := func(n int, parts ...ddb.TxPart) error {
		return ddb.WriteTx(ctx, s.client, append([]ddb.TxPart{
			ddb.TxUpdateAnyVersion(&s.w, widgetKey("p", 1), []ddb.UpdateOption{W.Count.Decrement(n), ddb.If(W.Count.Ge(n))}),
		}, parts...)...)
	}
	if err := take(1, ddb.TxCreate(&s.w, &widget{PK: "r", SK: 1}, nil)); err != nil {
		t.Fatal(err)
	}
	if got := s.get("p", 1); got.Count != 1 || got.Version != 4 {
		t.Fatalf("after a committed transaction %+v, want count 1 at version 4", got)
	}
	err := take(2, ddb.TxCreate(&s.w, &widget{PK: "r", SK: 2}, nil))
	var tce *ddb.TxCanceledError
	if !errors.As(err, &tce) || tce.Reasons[0].Code != "ConditionalCheckFailed" || !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("a transaction whose condition fails: %v, want it cancelled on the condition", err)
	}
	if got := s.get("p", 1); got.Count != 1 || got.Version != 4 || s.get("r", 2) != nil {
		t.Fatalf("after a cancelled transaction %+v, want count 1 at version 4 and nothing created", got)
	}
	// Upsert in a transaction creates the item at version 1.
	if err := ddb.WriteTx(ctx, s.client, ddb.TxUpdateAnyVersion(&s.w, widgetKey("q", 1), []ddb.UpdateOption{W.Count.Add(5), ddb.Upsert()})); err != nil {
		t.Fatal(err)
	}
	if got := s.get("q", 1); got == nil || got.Count != 5 || got.Version != 1 {
		t.Fatalf("upserted %+v, want count 5 at version 1", got)
	}
}

// Regression: DeleteVersion (and TxDeleteVersion) at version 0 of a missing
// item failed with neither ErrVersionConflict nor ErrNotFound, unlike at
// any other version. At every version, a missing item is both.
func TestDeleteVersionOfAMissingItemAtEveryVersion(t *testing.T) {
	s := newWidgets(t, true)
	ctx := t.Context()
	for _, version := range []int64{0, 1, 3} {
		for _, way := range []struct {
			name string
			run  func() error
		}{
			{"DeleteVersion", func() error { return ddb.DeleteVersion(ctx, &s.w, widgetKey("none", 1), version, nil) }},
			{"DeleteVersion with a condition", func() error {
				return ddb.DeleteVersion(ctx, &s.w, widgetKey("none", 1), version, []ddb.WriteOption{ddb.If(W.Count.Eq(0))})
			}},
			{"TxDeleteVersion", func() error {
				return ddb.WriteTx(ctx, s.client, ddb.TxDeleteVersion(&s.w, widgetKey("none", 1), version, nil))
			}},
		} {
			err := way.run()
			if !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrNotFound) || !errors.Is(err, ddb.ErrConditionFailed) {
				t.Errorf("%s at version %d of a missing item: %v, want ErrVersionConflict and ErrNotFound", way.name, version, err)
			}
		}
	}
	// Put at version 0 accepts a missing item: there a failed condition is
	// the one given with If, not the version.
	err := ddb.Put(ctx, &s.w, &widget{PK: "none", SK: 1}, []ddb.WriteOption{ddb.If(W.Count.Eq(1))})
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("put at version 0 of a missing item with a failing condition: %v, want ErrConditionFailed only", err)
	}
	// And Update at version 0 of a missing item stays ErrNotFound.
	if _, err := s.updateVersion("none", 1, 0, W.Count.Set(1)); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("update at version 0 of a missing item: %v, want ErrNotFound", err)
	}
}
