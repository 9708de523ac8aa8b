package ddb_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func TestGetMissingIsErrNotFound(t *testing.T) {
	s := newWidgets(t, false)
	got, err := s.getWidget("nope", 1, ddb.ConsistentRead())
	if !errors.Is(err, ddb.ErrNotFound) || got != nil {
		t.Fatalf("Get: %v, %v; want nil and ErrNotFound", got, err)
	}
	var ie *ddb.ItemError
	if !errors.As(err, &ie) || ie.Op != "GetItem" || ie.Table != s.name {
		t.Fatalf("error %#v, want an *ItemError for GetItem on %s", err, s.name)
	}
	if want := `{pk=S:"nope" sk=N:1}: item not found`; !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("message %q, want suffix %q", err, want)
	}
}

// fullWidget has every attribute set.
func fullWidget(pk string, sk int) *widget {
	return &widget{
		PK: pk, SK: sk, Status: "open", Name: "first", Code: aws.String("c-1"), Tag: []byte{7, 8},
		Count: 3, Total: 12.5, Hits: 1, Flag: true, Note: "n", Date: "2024-05-01", When: time.Unix(1700000000, 0),
		Tags: []string{"a", "b", "c"}, Nums: []int{1, 2}, Bins: [][]byte{{1}, {2}},
		Items: []string{"x", "y", "z"}, Meta: map[string]string{"k": "v", "size": "L"},
		Addr:  &address{City: "Oslo", Zip: "0150"},
		Lines: []line{{SKU: "s-1", Qty: 1}, {SKU: "s-2", Qty: 5}},
		Blob:  []byte("blob"),
	}
}

func TestPutGetRoundTrip(t *testing.T) {
	s := newWidgets(t, false)
	in := fullWidget("p", 1)
	if err := ddb.Put(t.Context(), &s.w, in, nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.getWidget("p", 1, ddb.ConsistentRead())
	if err != nil {
		t.Fatal(err)
	}
	if !sameWidget(got, in) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, in)
	}
}

// A value of another type than the table's model is refused before anything is sent.
func TestPutRefusesAValueOfAnotherModel(t *testing.T) {
	s := newWidgets(t, false)
	for _, v := range []any{widget{PK: "p", SK: 1}, (*widget)(nil), &widgetKeys{PK: "p", SK: 1}} {
		err := ddb.Put(t.Context(), &s.w, v, nil)
		if !errors.Is(err, ddb.ErrInvalidInput) {
			t.Errorf("Put(%#v): %v, want ErrInvalidInput", v, err)
		}
	}
	if n := s.count(); n != 0 {
		t.Fatalf("%d items written", n)
	}
}

func TestCreateOnly(t *testing.T) {
	s := newWidgets(t, false)
	if err := ddb.Create(t.Context(), &s.w, &widget{PK: "p", SK: 1, Name: "first"}, nil); err != nil {
		t.Fatal(err)
	}
	err := ddb.Create(t.Context(), &s.w, &widget{PK: "p", SK: 1, Name: "second"}, nil)
	if !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("second create: %v, want ErrConditionFailed", err)
	}
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("the SDK's ConditionalCheckFailedException is not reachable from %v", err)
	}
	if errors.Is(err, ddb.ErrVersionConflict) || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("a create-only failure claims a version conflict or a missing item: %v", err)
	}
	if !strings.Contains(err.Error(), "already exists") {
		t.Errorf("message %q does not say the item already exists", err)
	}
	if old := ddb.FailedItem[widget](err); old == nil || old.Name != "first" {
		t.Fatalf("FailedItem = %+v, want the stored item", old)
	}
	if got := s.get("p", 1); got.Name != "first" {
		t.Fatalf("item %+v; want the first write kept", got)
	}
}

func TestPutVersioned(t *testing.T) {
	s := newWidgets(t, true)
	v := &widget{PK: "p", SK: 1, Name: "a"}
	if err := ddb.Put(t.Context(), &s.w, v, nil); err != nil {
		t.Fatalf("first version: %v", err)
	}
	if v.Version != 1 || s.get("p", 1).Version != 1 {
		t.Fatalf("version after the first put: in memory %d, stored %d; want 1", v.Version, s.get("p", 1).Version)
	}
	// Another writer at version 0 (creating) conflicts.
	other := &widget{PK: "p", SK: 1, Name: "b"}
	err := ddb.Put(t.Context(), &s.w, other, nil)
	if !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("creating again: %v, want ErrVersionConflict (a failed condition)", err)
	}
	if other.Version != 0 {
		t.Fatalf("a failed put left the version at %d, want 0", other.Version)
	}
	if cur := ddb.FailedItem[widget](err); cur == nil || cur.Version != 1 || cur.Name != "a" {
		t.Fatalf("FailedItem = %+v, want the stored item at version 1", cur)
	}
	// 1 -> 2.
	stale := *v
	v.Name = "c"
	if err := ddb.Put(t.Context(), &s.w, v, nil); err != nil || v.Version != 2 {
		t.Fatalf("1 -> 2: %v, version %d", err, v.Version)
	}
	// A stale copy at 1 conflicts and keeps its version.
	err = ddb.Put(t.Context(), &s.w, &stale, nil)
	if !errors.Is(err, ddb.ErrVersionConflict) || stale.Version != 1 {
		t.Fatalf("stale 1 -> 2: %v (version now %d), want ErrVersionConflict and version 1", err, stale.Version)
	}
	if got := s.get("p", 1); got.Name != "c" || got.Version != 2 {
		t.Fatalf("stored %+v, want c at version 2", got)
	}
	// A user condition that fails at the right version is not a version conflict.
	err = ddb.Put(t.Context(), &s.w, v, []ddb.WriteOption{ddb.If(W.Name.Eq("nope"))})
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) || v.Version != 2 {
		t.Fatalf("failed condition at the right version: %v (version %d), want ErrConditionFailed only, version 2", err, v.Version)
	}
	if err := ddb.Put(t.Context(), &s.w, v, []ddb.WriteOption{ddb.If(W.Name.Eq("c"))}); err != nil || v.Version != 3 {
		t.Fatalf("condition that holds: %v, version %d", err, v.Version)
	}
	// The item is deleted behind the writer's back: a conflict, not a create.
	if err := ddb.Delete(t.Context(), &s.w, widgetKey("p", 1), nil); err != nil {
		t.Fatal(err)
	}
	err = ddb.Put(t.Context(), &s.w, v, nil)
	if !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrNotFound) || !strings.Contains(err.Error(), "no item with this key (version 3 was expected)") {
		t.Fatalf("put of a deleted item: %v, want ErrVersionConflict and ErrNotFound saying there is no item", err)
	}
	if s.get("p", 1) != nil {
		t.Fatal("the deleted item was written again")
	}
}

func TestCreateVersioned(t *testing.T) {
	s := newWidgets(t, true)
	v := &widget{PK: "p", SK: 1}
	if err := ddb.Create(t.Context(), &s.w, v, nil); err != nil || v.Version != 1 {
		t.Fatalf("create: %v, version %d; want version 1", err, v.Version)
	}
	again := &widget{PK: "p", SK: 1}
	err := ddb.Create(t.Context(), &s.w, again, nil)
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) || again.Version != 0 {
		t.Fatalf("create of an existing item: %v (version %d), want ErrConditionFailed only and version 0", err, again.Version)
	}
}

func TestDeleteAndDeleteVersion(t *testing.T) {
	s := newWidgets(t, true)
	if err := ddb.Delete(t.Context(), &s.w, widgetKey("none", 1), nil); err != nil {
		t.Fatalf("deleting a missing item: %v, want success as in DynamoDB", err)
	}
	err := ddb.Delete(t.Context(), &s.w, widgetKey("none", 1), []ddb.WriteOption{ddb.If(W.PK.Exists())})
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("deleting a missing item if it exists: %v, want ErrConditionFailed", err)
	}
	if ddb.FailedItem[widget](err) != nil {
		t.Fatal("FailedItem of a missing item is not nil")
	}
	s.put(&widget{PK: "p", SK: 1, Version: 3})
	err = ddb.DeleteVersion(t.Context(), &s.w, widgetKey("p", 1), 2, nil)
	if !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("delete at a stale version: %v, want ErrVersionConflict", err)
	}
	if cur := ddb.FailedItem[widget](err); cur == nil || cur.Version != 3 {
		t.Fatalf("FailedItem = %+v, want the item at version 3", cur)
	}
	err = ddb.DeleteVersion(t.Context(), &s.w, widgetKey("p", 1), 3, []ddb.WriteOption{ddb.If(W.Note.Exists())})
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("delete at the right version with a failing condition: %v, want ErrConditionFailed only", err)
	}
	if err := ddb.DeleteVersion(t.Context(), &s.w, widgetKey("p", 1), 3, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.getWidget("p", 1, ddb.ConsistentRead()); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("after delete: %v, want ErrNotFound", err)
	}
	err = ddb.DeleteVersion(t.Context(), &s.w, widgetKey("p", 1), 3, nil)
	if !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("versioned delete of a deleted item: %v, want ErrVersionConflict and ErrNotFound", err)
	}

	plain := newWidgets(t, false)
	plain.put(&widget{PK: "p", SK: 1, Version: 3})
	err = ddb.DeleteVersion(t.Context(), &plain.w, widgetKey("p", 1), 3, nil)
	if !errors.Is(err, ddb.ErrInvalidInput) || plain.get("p", 1) == nil {
		t.Fatalf("versioned delete on a table without versions: %v, want ErrInvalidInput and nothing deleted", err)
	}
}

func TestUpdateOnReservedWordAttributes(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Status: "new", Name: "old name", Count: 1, Total: 10, Tags: []string{"a", "b", "c"}, Date: "2024"})
	opts := []ddb.UpdateOption{
		W.Status.Set("shipped"), W.Name.Set("new name"), W.Count.Add(2),
		W.Total.Add(5), W.Tags.Delete("b"), W.Date.Remove(),
	}
	in, err := ddb.UpdateInput(&s.w, widgetKey("p", 1), nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{aws.ToString(in.UpdateExpression), aws.ToString(in.ConditionExpression)} {
		for _, word := range []string{"status", "name", "count", "total", "data", "date", "pk"} {
			if strings.Contains(e, word) {
				t.Errorf("expression %q spells the attribute name %s", e, word)
			}
		}
	}
	got, err := s.update("p", 1, opts...)
	if err != nil {
		t.Fatal(err)
	}
	want := &widget{PK: "p", SK: 1, Status: "shipped", Name: "new name", Count: 3, Total: 15, Tags: []string{"a", "c"}}
	if !sameWidget(got, want) {
		t.Fatalf("returned %+v, want %+v", got, want)
	}
	if stored := s.get("p", 1); !sameWidget(stored, want) {
		t.Fatalf("stored %+v, want %+v", stored, want)
	}
}

func TestUpdateTwoActionsOnOnePathAreRefused(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "p", SK: 1, Status: "new", Count: 10})
	for _, opts := range [][]ddb.UpdateOption{
		{W.Count.Add(1), W.Count.Add(1)}, // not 2, not 1: refused
		{W.Status.Set("a"), W.Status.Remove()},
		{W.Count.Add(100), W.Count.Set(5)},
		{W.Tags.Add("q"), W.Tags.Delete("vip")},
	} {
		_, err := s.update("p", 1, opts...)
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "two update actions on") {
			t.Errorf("%v", err)
		}
	}
	if got := s.get("p", 1); got.Status != "new" || got.Count != 10 {
		t.Fatalf("a refused update wrote: %+v", got)
	}
}

func TestUpdateMissingIsErrNotFoundUnlessUpsert(t *testing.T) {
	s := newWidgets(t, false)
	_, err := s.update("p", 9, W.Status.Set("x"))
	if !errors.Is(err, ddb.ErrNotFound) || errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("update of a missing item: %v, want ErrNotFound", err)
	}
	if s.count() != 0 {
		t.Fatal("the update of a missing item created it")
	}
	got, err := s.update("p", 9, W.Status.Set("x"), ddb.Upsert())
	if err != nil || got == nil || got.Status != "x" || got.PK != "p" || got.SK != 9 {
		t.Fatalf("upsert: %+v, %v", got, err)
	}
	// A failing condition on an upsert is a failed condition, not a missing item.
	_, err = s.update("p", 10, W.Status.Set("x"), ddb.Upsert(), ddb.If(W.Status.Eq("y")))
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("upsert with a failing condition: %v, want ErrConditionFailed only", err)
	}
}

func TestUpdateVersioned(t *testing.T) {
	s := newWidgets(t, true)
	s.put(&widget{PK: "p", SK: 1, Version: 1})
	got, err := s.updateVersion("p", 1, 1, W.Status.Set("a"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.Status != "a" {
		t.Fatalf("after update %+v, want status a at version 2", got)
	}
	_, err = s.updateVersion("p", 1, 1, W.Status.Set("b"))
	if !errors.Is(err, ddb.ErrVersionConflict) || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("stale update: %v, want ErrVersionConflict only", err)
	}
	if cur := ddb.FailedItem[widget](err); cur == nil || cur.Version != 2 {
		t.Fatalf("FailedItem = %+v, want the item at version 2", cur)
	}
	_, err = s.updateVersion("p", 2, 1, W.Status.Set("b"))
	if !errors.Is(err, ddb.ErrNotFound) || !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("update of a missing item at a version: %v, want ErrNotFound and ErrVersionConflict (as DeleteVersion and Put)", err)
	}
	_, err = s.updateVersion("p", 1, 2, W.Status.Set("b"), ddb.If(W.Count.Gt(0)))
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("failing condition at the right version: %v, want ErrConditionFailed only", err)
	}
	for _, bad := range []struct {
		name string
		opts []ddb.UpdateOption
		want string
	}{
		{"version set directly", []ddb.UpdateOption{W.Version.Set(100)}, "managed by optimistic locking"},
		{"version added to", []ddb.UpdateOption{W.Version.Add(1)}, "managed by optimistic locking"},
		{"upsert", []ddb.UpdateOption{W.Status.Set("b"), ddb.Upsert()}, "Upsert"},
	} {
		_, err := s.updateVersion("p", 1, 2, bad.opts...)
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: %v, want ErrInvalidInput saying %q", bad.name, err, bad.want)
		}
	}
	// The request: the update bumps the version, the condition checks it
	// and that the item exists, all through placeholders.
	in, err := ddb.UpdateInput(&s.w, widgetKey("p", 1), aws.Int64(2), []ddb.UpdateOption{W.Status.Set("b")})
	if err != nil {
		t.Fatal(err)
	}
	expr, cond := aws.ToString(in.UpdateExpression), aws.ToString(in.ConditionExpression)
	if !strings.Contains(expr, "SET ") || !strings.Contains(expr, " ADD ") || !strings.Contains(cond, "attribute_exists(") || strings.Contains(expr+cond, "version") {
		t.Errorf("versioned update %q if %q", expr, cond)
	}
	var versionValue bool
	for _, v := range in.ExpressionAttributeValues {
		if n, ok := v.(*types.AttributeValueMemberN); ok && n.Value == "2" {
			versionValue = true
		}
	}
	if !versionValue || in.ReturnValuesOnConditionCheckFailure != types.ReturnValuesOnConditionCheckFailureAllOld {
		t.Errorf("versioned update values %v, return on failure %q", in.ExpressionAttributeValues, in.ReturnValuesOnConditionCheckFailure)
	}
	// Nothing but the version: an empty update.
	_, err = s.update("p", 1)
	if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "empty update") {
		t.Fatalf("empty update: %v", err)
	}
	// Every action a no-op: also empty.
	_, err = s.update("p", 1, W.Tags.Add(), W.Nums.Delete())
	if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "empty update") {
		t.Fatalf("update of no-op actions: %v", err)
	}
	if got := s.get("p", 1); got.Version != 2 || got.Status != "a" {
		t.Fatalf("stored %+v after refused updates, want status a at version 2", got)
	}

	plain := newWidgets(t, false)
	plain.put(&widget{PK: "p", SK: 1, Version: 1})
	if _, err := plain.updateVersion("p", 1, 1, W.Status.Set("a")); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Fatalf("versioned update on a table without versions: %v, want ErrInvalidInput", err)
	}
}

func TestKeyValuesMatchAttributevalue(t *testing.T) {
	when := time.Date(2024, 5, 1, 12, 30, 0, 500000000, time.FixedZone("x", 3600))
	cases := []struct {
		got  types.AttributeValue
		from any
	}{
		{ddb.S("a"), "a"},
		{ddb.NInt(-42), int64(-42)},
		{ddb.NUint(1 << 63), uint64(1 << 63)},
		{ddb.NFloat(12.5, 64), 12.5},
		{ddb.NFloat(float64(float32(0.1)), 32), float32(0.1)},
		{ddb.NFloat(1e21, 64), 1e21},
		{ddb.B([]byte{1, 2}), []byte{1, 2}},
		{ddb.STime(when), when},
	}
	for _, c := range cases {
		want, err := attributevalue.Marshal(c.from)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c.got, want) {
			t.Errorf("%T %v: got %#v, attributevalue gives %#v", c.from, c.from, c.got, want)
		}
	}
	type tagged struct {
		I int64     `dynamodbav:",string"`
		U uint16    `dynamodbav:",string"`
		F float64   `dynamodbav:",string"`
		T time.Time `dynamodbav:",unixtime"`
	}
	m, err := attributevalue.MarshalMap(tagged{I: -3, U: 7, F: 2.25, T: when})
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]types.AttributeValue{"I": ddb.SInt(-3), "U": ddb.SUint(7), "F": ddb.SFloat(2.25, 64), "T": ddb.NUnixTime(when)} {
		if !reflect.DeepEqual(got, m[name]) {
			t.Errorf("%s: got %#v, attributevalue gives %#v", name, got, m[name])
		}
	}
}
