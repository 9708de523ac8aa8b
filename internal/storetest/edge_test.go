package storetest

import (
	"errors"
	"testing"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// An empty set encodes as NULL, which ADD and DELETE refuse: the update must
// treat it as nothing to add or delete, and keep its other actions.
func TestUpdateWithEmptySetIsANoOp(t *testing.T) {
	ctx := t.Context()
	s := orderStore(t)
	o := Order{CustomerID: "c", OrderDate: "d", Status: "new", Tags: []string{"a"}}
	must(t, s.Create(ctx, &o))
	got, err := s.Update(ctx, "c", "d", o.Version, OrderAttrs.Tags.Add(), OrderAttrs.Tags.Delete(), OrderAttrs.Status.Set("paid"))
	must(t, err)
	if got.Status != "paid" || len(got.Tags) != 1 || got.Tags[0] != "a" {
		t.Fatalf("after update: %+v", got)
	}
}

// A cursor is bound to its query: another partition, other conditions or the
// other direction give ErrInvalidCursor, not a DynamoDB validation error.
func TestCursorOfAnotherQuery(t *testing.T) {
	ctx := t.Context()
	s := orderStore(t)
	var all []Order
	for _, c := range []string{"c1", "c2"} {
		for _, d := range []string{"d1", "d2", "d3", "d4"} {
			all = append(all, Order{CustomerID: c, OrderDate: d, Status: "new"})
		}
	}
	must(t, s.BatchPut(ctx, all))
	_, cursor, err := s.Query("c1", ddb.Limit(2)).Page(ctx, "")
	must(t, err)
	if cursor == "" {
		t.Fatal("no cursor after a first page of 2 of 4")
	}
	if _, _, err := s.Query("c1", ddb.Limit(2)).Page(ctx, cursor); err != nil {
		t.Fatalf("the same query's cursor: %v", err)
	}
	for name, q := range map[string]*ddb.Query[Order]{
		"other partition": s.Query("c2", ddb.Limit(2)),
		"other condition": s.Query("c1", OrderAttrs.OrderDate.Gt("d3"), ddb.Limit(2)),
		"other direction": s.Query("c1", ddb.Descending(), ddb.Limit(2)),
		"other filter":    s.Query("c1", ddb.Limit(2), ddb.Filter(OrderAttrs.Status.Eq("new"))),
	} {
		if _, _, err := q.Page(ctx, cursor); !errors.Is(err, ddb.ErrInvalidCursor) {
			t.Errorf("%s: err = %v, want ErrInvalidCursor", name, err)
		}
	}
}

// Parallel chooses its own segments: a preset segment is an error, not a
// silent scan of the whole table.
func TestParallelScanRefusesPresetSegment(t *testing.T) {
	ctx := t.Context()
	s := orderStore(t)
	must(t, s.Put(ctx, &Order{CustomerID: "c", OrderDate: "d", Status: "new"}))
	n := 0
	var lastErr error
	for _, err := range s.Scan(ddb.Segment(0, 4), ddb.Parallel(2)).All(ctx) {
		n++
		lastErr = err
	}
	if n != 1 || lastErr == nil {
		t.Fatalf("yielded %d values, last error %v; want one error", n, lastErr)
	}
}

func TestNilItemIsAnError(t *testing.T) {
	s := orderStore(t)
	if err := s.Put(t.Context(), nil); err == nil {
		t.Error("Put(nil): no error")
	}
	if err := s.Create(t.Context(), nil); err == nil {
		t.Error("Create(nil): no error")
	}
}
