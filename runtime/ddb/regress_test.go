package ddb_test

// Regression tests of defects found in the runtime (each failed before its fix).

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// Create of a versioned item whose version is not 0 must write it when no
// item with its key exists (and increment the version), as Create's
// documentation says. The runtime asks for attribute_not_exists(pk) AND
// version = <prev>, which no item satisfies, and reports ErrVersionConflict.
func TestFixedCreateVersionedWithNonZeroVersion(t *testing.T) {
	s := newWidgets(t, true)
	v := &widget{PK: "p", SK: 1, Version: 5, Name: "recreated"}
	err := ddb.Create(t.Context(), &s.w, v, nil)
	if err != nil {
		t.Fatalf("Create of an absent item at version 5: %v (ErrVersionConflict: %t), want success", err, errors.Is(err, ddb.ErrVersionConflict))
	}
	if v.Version != 6 {
		t.Errorf("version after Create %d, want 6", v.Version)
	}
	if got := s.get("p", 1); got == nil || got.Version != 6 {
		t.Errorf("stored %+v, want the item at version 6", got)
	}
}

// Appending or prepending no elements must do nothing (as adding no
// elements to a set does), or at least be refused before anything is sent.
// The runtime encodes the missing elements as NULL and sends
// list_append(#n, :v) with :v NULL, which DynamoDB refuses with a
// ValidationException.
func TestFixedListAppendOfNothing(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Items: []string{"x"}})
	for _, c := range []struct {
		name string
		act  ddb.Action
	}{
		{"Append()", W.Items.Append()},
		{"Prepend()", W.Items.Prepend()},
		{"AppendOrCreate()", W.Items.AppendOrCreate()},
	} {
		_, err := s.update("p", 1, c.act, W.Name.Set("n"))
		if err != nil && !errors.Is(err, ddb.ErrInvalidInput) {
			t.Errorf("%s: %v; want a no-op (or ErrInvalidInput before sending)", c.name, err)
		}
		if !c.act.IsZero() {
			t.Errorf("%s is not a zero Action", c.name)
		}
	}
}

// Eq on a String or Number handle whose attribute is stored with nullempty
// (ddb.NullZero) must compare with what the codec stores for the zero value,
// NULL, as the handle's own Set does and as Value handles do. String and
// Number comparisons always encode with EncS / EncN instead, so Eq("") and
// Eq(0) never hold for an item holding "" or 0.
func TestFixedNullEmptyStringAndNumberEq(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1})
	str := ddb.NewString(attr("nul_s"), ddb.NullZero(ddb.EncS[string]))
	num := ddb.NewNumber(attr("nul_n"), ddb.NullZero(ddb.EncN[int]))
	flag := ddb.NewValue(attr("nul_b"), ddb.NullZero(ddb.EncBool[bool]))
	if _, err := s.update("p", 1, str.Set(""), num.Set(0), flag.Set(false)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		cond ddb.Cond
	}{
		{`Value[bool] Eq(false)`, flag.Eq(false)}, // holds: Value uses the handle's encoder
		{`String Eq("")`, str.Eq("")},
		{`String In("")`, str.In("", "x")},
		{`Number Eq(0)`, num.Eq(0)},
		{`Number In(0)`, num.In(0, 1)},
	} {
		if _, err := s.update("p", 1, W.Hits.Add(1), ddb.If(c.cond)); err != nil {
			t.Errorf("%s after Set of the zero value: %v, want the condition to hold", c.name, err)
		}
	}
}

// TxCreate shares Create's condition: the same defect as
// TestBugCreateVersionedWithNonZeroVersion inside a transaction.
func TestFixedTxCreateVersionedWithNonZeroVersion(t *testing.T) {
	s := newWidgets(t, true)
	v := &widget{PK: "p", SK: 1, Version: 5}
	if err := ddb.WriteTx(t.Context(), s.client, ddb.TxCreate(&s.w, v, nil)); err != nil {
		t.Fatalf("TxCreate of an absent item at version 5: %v, want success", err)
	}
	if v.Version != 6 {
		t.Errorf("version after TxCreate %d, want 6", v.Version)
	}
}

// Found by a review as a new user: ReturnOld of another model compiled, the
// write happened, then the call failed decoding the old item. It is now
// refused before anything is written.
func TestFixedReturnOldOfAnotherModelIsRefusedBeforeWriting(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Name: "keep"})
	var wrong *string
	err := ddb.Delete(t.Context(), &s.w, widgetKey("p", 1), []ddb.WriteOption{ddb.ReturnOld(&wrong)})
	if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "ReturnOld into a *string") {
		t.Fatalf("Delete with ReturnOld(**string): %v", err)
	}
	err = ddb.Put(t.Context(), &s.w, &widget{PK: "p", SK: 1, Name: "overwritten"}, []ddb.WriteOption{ddb.ReturnOld(&wrong)})
	if !errors.Is(err, ddb.ErrInvalidInput) {
		t.Fatalf("Put with ReturnOld(**string): %v", err)
	}
	if got := s.get("p", 1); got == nil || got.Name != "keep" {
		t.Fatalf("a refused write wrote: %+v", got)
	}
	var old *widget
	if err := ddb.Delete(t.Context(), &s.w, widgetKey("p", 1), []ddb.WriteOption{ddb.ReturnOld(&old)}); err != nil || old == nil || old.Name != "keep" {
		t.Fatalf("Delete with ReturnOld(**widget): %v, %+v", err, old)
	}
}

// Found by the same review: Select of another table's attribute read items
// holding only their key, without an error.
func TestFixedSelectOfAnotherTablesAttributeIsRefused(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Name: "n"})
	gadget := ddb.NewString(ddb.TableAttr("gadgets", "status"), ddb.EncS[string])
	sel := ddb.Select(&gadget)
	check := func(op string, err error) {
		t.Helper()
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), `an attribute of table "gadgets"`) {
			t.Errorf("%s: %v", op, err)
		}
	}
	_, err := s.getWidget("p", 1, sel)
	check("Get", err)
	_, err = ddb.GetBatch[widget](t.Context(), &s.r, []map[string]types.AttributeValue{widgetKey("p", 1)}, []ddb.ReadOption{sel})
	check("BatchGet", err)
	_, err = all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{sel}))
	check("Scan", err)
	_, err = all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("p"), []ddb.TableQueryOption{sel}))
	check("Query", err)
	var dst widget
	_, err = ddb.ReadTx(t.Context(), s.client, ddb.TxGet(&s.r, &dst, widgetKey("p", 1), []ddb.ReadOption{sel}))
	check("ReadTx", err)
}

// Found by the same review: a condition on a missing item said only
// "condition failed"; a versioned write on a missing item was a version
// conflict but not ErrNotFound (while Update said ErrNotFound only).
func TestFixedConditionOnAMissingItemSaysSo(t *testing.T) {
	s := newWidgets(t, false)
	err := ddb.Delete(t.Context(), &s.w, widgetKey("p", 1), []ddb.WriteOption{ddb.If(W.Name.Eq("x"))})
	if !errors.Is(err, ddb.ErrConditionFailed) || !strings.Contains(err.Error(), "no item with this key") || ddb.FailedItem[widget](err) != nil {
		t.Fatalf("conditional delete of a missing item: %v", err)
	}
}

// Found by the same review: Or of no conditions and Not of no condition
// meant "no condition", so a write guarded by Or(allowed...) with nothing
// allowed went through.
func TestFixedEmptyOrIsNotNoCondition(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Status: "open"})
	var allowed []ddb.Cond
	_, err := s.update("p", 1, W.Status.Set("closed"), ddb.If(ddb.Or(allowed...)))
	if !errors.Is(err, ddb.ErrInvalidInput) {
		t.Fatalf("update guarded by an empty Or: %v", err)
	}
	if got := s.get("p", 1); got.Status != "open" {
		t.Fatalf("stored %+v", got)
	}
}

// Found by a new user's review: an item written by a batch write keeps its
// version (0 for a new Go value); read back and put again at version 0, Put
// failed with a bare ConditionalCheckFailedException (not even a version
// conflict), while Update and DeleteVersion at version 0 accepted it. A
// failed user condition did not say so either.
func TestFixedPutAtVersionZeroOfABatchWrittenItem(t *testing.T) {
	s := newWidgets(t, true)
	ctx := t.Context()
	if err := ddb.WriteBatch(ctx, &s.w, []widget{{PK: "b", SK: 1, Name: "batch"}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.getWidget("b", 1)
	if err != nil || got.Version != 0 {
		t.Fatalf("read back %+v, %v: want version 0", got, err)
	}
	got.Name = "edited"
	if err := ddb.Put(ctx, &s.w, got, nil); err != nil {
		t.Fatalf("Put at version 0 of an item stored at version 0: %v", err)
	}
	if stored := s.get("b", 1); stored.Version != 1 || stored.Name != "edited" {
		t.Errorf("stored %+v, want version 1 and the edit", stored)
	}
	// Still a conflict when another version is stored.
	stale := &widget{PK: "b", SK: 1, Name: "stale"}
	err = ddb.Put(ctx, &s.w, stale, nil)
	if !errors.Is(err, ddb.ErrVersionConflict) || stale.Version != 0 {
		t.Errorf("Put at version 0 over version 1: %v (version now %d), want ErrVersionConflict and 0", err, stale.Version)
	}
	// A user condition that does not hold is named as such.
	_, err = s.updateVersion("b", 1, 1, ddb.If(W.Name.Eq("other")), W.Name.Set("x"))
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) || !strings.Contains(err.Error(), "does not meet the condition given with ddb.If") {
		t.Errorf("Update whose condition fails: %v", err)
	}
}

// Found by a new user's review: a ValidationException matched
// ErrInvalidInput for item requests but not for queries, scans and counts.
func TestFixedValidationOfQueriesIsInvalidInput(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Name: "n"})
	missing := &ddb.Index{Name: "no-such-index", PK: "pk", SK: "sk"}
	q := ddb.QueryIndex[widget](&s.r, missing, W.PK.Key("p"), []ddb.TableQueryOption{})
	_, err := all(t, q)
	check := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "no-such-index") {
			t.Errorf("%s of an index the table lacks: %v, want ErrInvalidInput naming it", what, err)
		}
	}
	check("All", err)
	_, _, err = q.Page(t.Context(), "")
	check("Page", err)
	_, err = q.Count(t.Context())
	check("Count", err)
	_, err = all(t, ddb.QueryIndex[widget](&s.r, missing, ddb.ScanAll, []ddb.TableQueryOption{}))
	check("Scan", err)
	// And for a write transaction: an item over DynamoDB's 400 KB.
	err = ddb.WriteTx(t.Context(), s.client, ddb.TxPut(&s.w, &widget{PK: "p", SK: 2, Name: strings.Repeat("x", 500_000)}, nil))
	if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "TransactWriteItems") {
		t.Errorf("WriteTx of an item over 400 KB: %v, want ErrInvalidInput", err)
	}
}

// Found by a new user's review: Select() with no attribute read every
// attribute, silently.
func TestFixedSelectOfNothingIsRefused(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Name: "n"})
	none := ddb.Select()
	check := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "Select() names no attribute") {
			t.Errorf("%s with Select(): %v", what, err)
		}
	}
	_, err := s.getWidget("p", 1, none)
	check("Get", err)
	_, err = ddb.GetBatch[widget](t.Context(), &s.r, []map[string]types.AttributeValue{widgetKey("p", 1)}, []ddb.ReadOption{none})
	check("BatchGet", err)
	_, err = all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("p"), []ddb.TableQueryOption{none}))
	check("Query", err)
	var dst widget
	_, err = ddb.ReadTx(t.Context(), s.client, ddb.TxGet(&s.r, &dst, widgetKey("p", 1), []ddb.ReadOption{none}))
	check("ReadTx", err)
}
