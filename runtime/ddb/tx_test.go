package ddb_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func TestWriteTxAppliesEveryActionAcrossTables(t *testing.T) {
	plain := newWidgets(t, false)
	versioned := newWidgets(t, true)
	plain.put(&widget{PK: "p", SK: 2, Count: 1})
	plain.put(&widget{PK: "p", SK: 3})
	plain.put(&widget{PK: "p", SK: 4, Status: "ok"})
	versioned.put(&widget{PK: "v", SK: 2, Version: 3})
	versioned.put(&widget{PK: "v", SK: 3, Version: 1})

	put := &widget{PK: "p", SK: 1, Name: "put"}
	create := &widget{PK: "v", SK: 1, Name: "created"}
	err := ddb.WriteTx(t.Context(), plain.client,
		ddb.TxPut(&plain.w, put, nil),
		ddb.TxUpdate(&plain.w, widgetKey("p", 2), []ddb.UpdateOption{W.Count.Add(2), ddb.If(W.Count.Eq(1))}),
		ddb.TxDelete(&plain.w, widgetKey("p", 3), []ddb.WriteOption{ddb.If(W.PK.Exists())}),
		ddb.TxCheck(&plain.w, widgetKey("p", 4), W.Status.Eq("ok")),
		ddb.TxCreate(&versioned.w, create, nil),
		ddb.TxUpdateVersion(&versioned.w, widgetKey("v", 2), 3, []ddb.UpdateOption{W.Name.Set("updated")}),
		ddb.TxDeleteVersion(&versioned.w, widgetKey("v", 3), 1, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := plain.get("p", 1); got == nil || got.Name != "put" {
		t.Errorf("put: %+v", got)
	}
	if got := plain.get("p", 2); got.Count != 3 {
		t.Errorf("update: %+v", got)
	}
	if plain.get("p", 3) != nil {
		t.Error("delete: the item is still there")
	}
	if create.Version != 1 {
		t.Errorf("created item's version %d, want 1", create.Version)
	}
	if got := versioned.get("v", 1); got == nil || got.Version != 1 {
		t.Errorf("create: %+v", got)
	}
	if got := versioned.get("v", 2); got.Name != "updated" || got.Version != 4 {
		t.Errorf("versioned update: %+v, want version 4", got)
	}
	if versioned.get("v", 3) != nil {
		t.Error("versioned delete: the item is still there")
	}
}

func TestWriteTxCancelledWritesNothing(t *testing.T) {
	s := newWidgets(t, true)
	s.put(&widget{PK: "p", SK: 1, Version: 2, Name: "stored"})
	s.put(&widget{PK: "p", SK: 2, Version: 5})
	fresh := &widget{PK: "p", SK: 3}
	stale := &widget{PK: "p", SK: 2, Version: 4}
	err := ddb.WriteTx(t.Context(), s.client,
		ddb.TxPut(&s.w, fresh, nil),
		ddb.TxCreate(&s.w, &widget{PK: "p", SK: 1}, nil),
		ddb.TxPut(&s.w, stale, nil),
		ddb.TxUpdate(&s.w, widgetKey("p", 9), []ddb.UpdateOption{W.Name.Set("x")}),
	)
	var tce *ddb.TxCanceledError
	if !errors.As(err, &tce) {
		t.Fatalf("error %v, want *TxCanceledError", err)
	}
	t.Logf("cancelled: %v", err)
	if !errors.Is(err, ddb.ErrConditionFailed) || !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrNotFound) {
		t.Errorf("error %v does not wrap ErrConditionFailed, ErrVersionConflict and ErrNotFound", err)
	}
	if len(tce.Reasons) != 4 {
		t.Fatalf("%d reasons, want 4", len(tce.Reasons))
	}
	if r := tce.Reasons[0]; r.Code != "None" || r.Err != nil || r.Op != "Put" || r.Action != 0 {
		t.Errorf("reason 0 %+v, want None", r)
	}
	if r := tce.Reasons[1]; r.Code != "ConditionalCheckFailed" || !errors.Is(r.Err, ddb.ErrConditionFailed) || errors.Is(r.Err, ddb.ErrVersionConflict) {
		t.Errorf("reason 1 (create of an existing item) %+v", r)
	}
	if r := tce.Reasons[2]; !errors.Is(r.Err, ddb.ErrVersionConflict) {
		t.Errorf("reason 2 (stale put) %+v, want ErrVersionConflict", r)
	}
	if r := tce.Reasons[3]; !errors.Is(r.Err, ddb.ErrNotFound) || r.Op != "Update" {
		t.Errorf("reason 3 (update of a missing item) %+v, want ErrNotFound", r)
	}
	if cur, ok := tce.TxItem(1).(*widget); !ok || cur.Name != "stored" {
		t.Errorf("TxItem(1) = %#v, want the stored item", tce.TxItem(1))
	}
	if cur := ddb.FailedItem[widget](tce.Reasons[2].Err); cur == nil || cur.Version != 5 {
		t.Errorf("FailedItem of reason 2 = %+v, want the item at version 5", cur)
	}
	if tce.TxItem(0) != nil || tce.TxItem(3) != nil || tce.TxItem(-1) != nil || tce.TxItem(4) != nil {
		t.Error("TxItem of an action without a stored item is not nil")
	}
	if fresh.Version != 0 || stale.Version != 4 {
		t.Errorf("versions after the cancelled transaction %d and %d, want 0 and 4 (restored)", fresh.Version, stale.Version)
	}
	if s.get("p", 3) != nil || s.count() != 2 {
		t.Error("a cancelled transaction wrote")
	}
}

func TestWriteTxRefusesBeforeSending(t *testing.T) {
	s := newWidgets(t, true)
	s.put(&widget{PK: "p", SK: 1, Version: 1})
	v := &widget{PK: "p", SK: 5}
	var old *widget
	many := make([]ddb.TxPart, ddb.MaxTxActions+1)
	for i := range many {
		many[i] = ddb.TxDelete(&s.w, widgetKey("m", i), nil)
	}
	gadget := ddb.NewString(ddb.TableAttr("gadgets", "name"), ddb.EncS[string])
	cases := []struct {
		name     string
		parts    []ddb.TxPart
		emptyKey bool
	}{
		{"no actions", nil, false},
		{"only a token", []ddb.TxPart{ddb.Token("t")}, false},
		{"too many actions", many, false},
		{"two actions on one item", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.TxDelete(&s.w, widgetKey("p", 5), nil)}, false},
		{"an empty key", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.TxDelete(&s.w, widgetKey("", 5), nil)}, true},
		{"an empty index key", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.TxCreate(&s.w, &widget{PK: "p", SK: 6, Code: aws.String("")}, nil)}, true},
		{"an empty index key in an update", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.TxUpdate(&s.w, widgetKey("p", 1), []ddb.UpdateOption{W.Code.Set("")})}, true},
		{"ReturnOld", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.TxPut(&s.w, &widget{PK: "p", SK: 7}, []ddb.WriteOption{ddb.ReturnOld(&old)})}, false},
		{"Return", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.TxUpdate(&s.w, widgetKey("p", 1), []ddb.UpdateOption{W.Name.Set("x"), ddb.Return(ddb.OldItem)})}, false},
		{"check without a condition", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.TxCheck(&s.w, widgetKey("p", 1), ddb.Cond{})}, false},
		{"check on another table's attribute", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.TxCheck(&s.w, widgetKey("p", 1), gadget.Eq("x"))}, false},
		{"token too long", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.Token(strings.Repeat("x", 37))}, false},
		{"empty token", []ddb.TxPart{ddb.TxPut(&s.w, v, nil), ddb.Token("")}, false},
		{"overlapping update paths", []ddb.TxPart{ddb.TxUpdate(&s.w, widgetKey("p", 1), []ddb.UpdateOption{W.Addr.Set(address{}), W.Addr.City.Set("x")})}, false},
		{"upsert with a version", []ddb.TxPart{ddb.TxUpdateVersion(&s.w, widgetKey("p", 1), 1, []ddb.UpdateOption{W.Name.Set("x"), ddb.Upsert()})}, false},
	}
	for _, c := range cases {
		err := ddb.WriteTx(t.Context(), s.client, c.parts...)
		if !errors.Is(err, ddb.ErrInvalidInput) || errors.Is(err, ddb.ErrEmptyKey) != c.emptyKey {
			t.Errorf("%s: %v, want ErrInvalidInput (ErrEmptyKey: %t)", c.name, err, c.emptyKey)
		}
		if v.Version != 0 {
			t.Fatalf("%s: the refused transaction left the put's version at %d", c.name, v.Version)
		}
	}
	if s.count() != 1 {
		t.Fatal("a refused transaction wrote")
	}
}

// A token makes a transaction idempotent: sent again, it is not applied again.
func TestWriteTxToken(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1})
	for range 2 {
		err := ddb.WriteTx(t.Context(), s.client, ddb.Token("token-1"),
			ddb.TxUpdate(&s.w, widgetKey("p", 1), []ddb.UpdateOption{W.Count.Add(1)}))
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := s.get("p", 1); got.Count != 1 {
		t.Fatalf("count %d after sending one transaction twice, want 1", got.Count)
	}
}

func TestReadTx(t *testing.T) {
	plain := newWidgets(t, false)
	versioned := newWidgets(t, true)
	plain.put(&widget{PK: "p", SK: 1, Name: "one", Count: 1})
	versioned.put(&widget{PK: "v", SK: 1, Version: 7, Name: "seven"})
	var a, b, missing widget
	missing.Name = "untouched"
	var projected widget
	found, err := ddb.ReadTx(t.Context(), plain.client,
		ddb.TxGet(&plain.r, &a, widgetKey("p", 1), nil),
		ddb.TxGet(&versioned.r, &b, widgetKey("v", 1), nil),
		ddb.TxGet(&plain.r, &missing, widgetKey("p", 2), nil),
		ddb.TxGet(&versioned.r, &projected, widgetKey("p", 1), []ddb.ReadOption{ddb.Select(&W.Name)}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 4 || !found[0] || !found[1] || found[2] || found[3] {
		t.Fatalf("found %v, want [true true false false]", found)
	}
	if a.Name != "one" || a.Count != 1 || b.Version != 7 || b.Name != "seven" || missing.Name != "untouched" {
		t.Fatalf("read %+v, %+v, missing %+v", a, b, missing)
	}
	found, err = ddb.ReadTx(t.Context(), plain.client, ddb.TxGet(&plain.r, &projected, widgetKey("p", 1), []ddb.ReadOption{ddb.Select(&W.Name)}))
	if err != nil || !found[0] || projected.Name != "one" || projected.Count != 0 || projected.PK != "p" {
		t.Fatalf("projected read %+v, %v, %v", projected, found, err)
	}
	for _, c := range []struct {
		name     string
		gets     []ddb.TxGetAction
		emptyKey bool
	}{
		{"no reads", nil, false},
		{"zero read", []ddb.TxGetAction{{}}, false},
		{"two reads of one item", []ddb.TxGetAction{ddb.TxGet(&plain.r, &a, widgetKey("p", 1), nil), ddb.TxGet(&plain.r, &b, widgetKey("p", 1), nil)}, false},
		{"empty key", []ddb.TxGetAction{ddb.TxGet(&plain.r, &a, widgetKey("", 1), nil)}, true},
		{"destination of another model", []ddb.TxGetAction{ddb.TxGet(&plain.r, &widgetKeys{}, widgetKey("p", 1), nil)}, false},
		{"nil destination", []ddb.TxGetAction{ddb.TxGet(&plain.r, (*widget)(nil), widgetKey("p", 1), nil)}, false},
	} {
		_, err := ddb.ReadTx(t.Context(), plain.client, c.gets...)
		if !errors.Is(err, ddb.ErrInvalidInput) || errors.Is(err, ddb.ErrEmptyKey) != c.emptyKey {
			t.Errorf("%s: %v, want ErrInvalidInput (ErrEmptyKey: %t)", c.name, err, c.emptyKey)
		}
	}
	many := make([]ddb.TxGetAction, ddb.MaxTxActions+1)
	for i := range many {
		many[i] = ddb.TxGet(&plain.r, new(widget), widgetKey("m", i), nil)
	}
	if _, err := ddb.ReadTx(t.Context(), plain.client, many...); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("%d reads: %v, want ErrInvalidInput", len(many), err)
	}
}

// The stored item a cancelled transaction reports decodes into the model.
func TestWriteTxCheckFailure(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Status: "closed"})
	err := ddb.WriteTx(t.Context(), s.client,
		ddb.TxCheck(&s.w, widgetKey("p", 1), W.Status.Eq("open")),
		ddb.TxPut(&s.w, &widget{PK: "p", SK: 2}, nil))
	var tce *ddb.TxCanceledError
	if !errors.As(err, &tce) || !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("failed check: %v", err)
	}
	if cur, ok := tce.TxItem(0).(*widget); !ok || cur.Status != "closed" {
		t.Fatalf("TxItem(0) = %#v", tce.TxItem(0))
	}
	var tcx *types.TransactionCanceledException
	if !errors.As(err, &tcx) {
		t.Fatal("the SDK's TransactionCanceledException is not reachable")
	}
	if s.get("p", 2) != nil {
		t.Fatal("the put of a cancelled transaction was written")
	}
}

// A transaction may be sent again with the same actions after a failure:
// versions are bumped only when it commits, so the Go value's version
// matches the stored item's after the retry.
func TestWriteTxRetryOfTheSameActions(t *testing.T) {
	s := newWidgets(t, true)
	s.put(&widget{PK: "gate", SK: 1, Version: 1, Status: "closed"})
	v := &widget{PK: "p", SK: 1}
	actions := []ddb.TxPart{
		ddb.TxPut(&s.w, v, nil),
		ddb.TxCheck(&s.w, widgetKey("gate", 1), W.Status.Eq("open")),
	}
	if v.Version != 0 {
		t.Fatalf("building the action bumped the version to %d", v.Version)
	}
	if err := ddb.WriteTx(t.Context(), s.client, actions...); !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("first attempt: %v, want ErrConditionFailed", err)
	}
	if _, err := s.update("gate", 1, W.Status.Set("open")); err != nil {
		t.Fatal(err)
	}
	if err := ddb.WriteTx(t.Context(), s.client, actions...); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if stored := s.get("p", 1); stored == nil || stored.Version != 1 || v.Version != 1 {
		t.Fatalf("after the retry the item is stored as %+v, v.Version is %d; want both at 1", stored, v.Version)
	}
	// Sent once more, the same actions conflict: the item is now at version 1.
	if err := ddb.WriteTx(t.Context(), s.client, actions...); !errors.Is(err, ddb.ErrVersionConflict) || v.Version != 1 {
		t.Fatalf("third send: %v, version %d; want ErrVersionConflict and version 1", err, v.Version)
	}
}

// A token reused for other actions is refused by DynamoDB with an
// IdempotentParameterMismatchException without a message: the error says it
// once, then the hint, with no empty ": " between them.
func TestWriteTxTokenMismatchMessage(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1})
	tx := func(n int) error {
		return ddb.WriteTx(t.Context(), s.client, ddb.Token("token-mismatch"),
			ddb.TxUpdate(&s.w, widgetKey("p", 1), []ddb.UpdateOption{W.Count.Add(n)}))
	}
	if err := tx(1); err != nil {
		t.Fatal(err)
	}
	err := tx(2)
	var mismatch *types.IdempotentParameterMismatchException
	if !errors.Is(err, ddb.ErrInvalidInput) || !errors.As(err, &mismatch) {
		t.Fatalf("%v, want ErrInvalidInput wrapping IdempotentParameterMismatchException", err)
	}
	got := regexp.MustCompile(`RequestID: [^,]*,`).ReplaceAllString(err.Error(), "RequestID: R,")
	want := "ddb: TransactWriteItems: operation error DynamoDB: TransactWriteItems, https response error StatusCode: 400, RequestID: R, IdempotentParameterMismatchException: this token was used in the last 10 minutes for other actions (a TxPut or TxUpdate at another version counts; TxUpdateAnyVersion does not depend on the version): use a new token"
	if got != want {
		t.Errorf("message\n got %q\nwant %q", got, want)
	}
}
