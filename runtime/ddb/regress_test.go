package ddb_test

// Regression tests of defects found in the runtime (each failed before its fix).

import (
	"errors"
	"testing"

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
