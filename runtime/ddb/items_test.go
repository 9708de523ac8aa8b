package ddb_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func TestGetItemMissingIsErrNotFound(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	_, err := ddb.GetItem(t.Context(), client, table, thingKey("nope", 1), true)
	if !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("error %v, want ErrNotFound", err)
	}
	var ie *ddb.ItemError
	if !errors.As(err, &ie) || ie.Op != "GetItem" || ie.Table != table {
		t.Fatalf("error %#v, want an *ItemError for GetItem on %s", err, table)
	}
	if want := `{pk=S:"nope" sk=N:1}: item not found`; !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("message %q, want suffix %q", err, want)
	}
}

func TestPutItemCreateOnly(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	opts := ddb.PutOptions{KeyAttrs: []string{"pk", "sk"}, CreateOnly: true}
	if err := ddb.PutItem(t.Context(), client, table, thing("p", 1, "name", ddb.S("first")), opts); err != nil {
		t.Fatal(err)
	}
	err := ddb.PutItem(t.Context(), client, table, thing("p", 1, "name", ddb.S("second")), opts)
	if !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("second create: %v, want ErrConditionFailed", err)
	}
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("the SDK's ConditionalCheckFailedException is not reachable from %v", err)
	}
	if errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatal("a create-only failure claims a version conflict")
	}
	got, err := ddb.GetItem(t.Context(), client, table, thingKey("p", 1), true)
	if err != nil || got["name"].(*types.AttributeValueMemberS).Value != "first" {
		t.Fatalf("item %v, %v; want the first write kept", got, err)
	}
}

func TestPutItemVersioned(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	put := func(version int64, prev types.AttributeValue) error {
		return ddb.PutItem(t.Context(), client, table, thing("p", 1, "version", ddb.NInt(version)),
			ddb.PutOptions{KeyAttrs: []string{"pk", "sk"}, VersionAttr: "version", PrevVersion: prev})
	}
	if err := put(1, nil); err != nil {
		t.Fatalf("first version: %v", err)
	}
	if err := put(1, nil); !errors.Is(err, ddb.ErrVersionConflict) || !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("creating again: %v, want ErrVersionConflict (a failed condition)", err)
	}
	if err := put(2, ddb.NInt(1)); err != nil {
		t.Fatalf("1 -> 2: %v", err)
	}
	if err := put(2, ddb.NInt(1)); !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("stale 1 -> 2: %v, want ErrVersionConflict", err)
	}
}

func TestDeleteItem(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	if err := ddb.DeleteItem(t.Context(), client, table, thingKey("none", 1), ddb.DeleteOptions{}); err != nil {
		t.Fatalf("deleting a missing item: %v, want success as in DynamoDB", err)
	}
	if err := ddb.PutItem(t.Context(), client, table, thing("p", 1, "version", ddb.NInt(3)), ddb.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	err := ddb.DeleteItem(t.Context(), client, table, thingKey("p", 1), ddb.DeleteOptions{VersionAttr: "version", Version: ddb.NInt(2)})
	if !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("delete at a stale version: %v, want ErrVersionConflict", err)
	}
	if err := ddb.DeleteItem(t.Context(), client, table, thingKey("p", 1), ddb.DeleteOptions{VersionAttr: "version", Version: ddb.NInt(3)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ddb.GetItem(t.Context(), client, table, thingKey("p", 1), true); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("after delete: %v, want ErrNotFound", err)
	}
}

func TestUpdateItemOnReservedWordAttributes(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	start := thing("p", 1,
		"status", ddb.S("new"), "name", ddb.S("old name"), "count", ddb.NInt(1),
		"total", ddb.NInt(10), "data", &types.AttributeValueMemberSS{Value: []string{"a", "b", "c"}}, "date", ddb.S("2024"))
	if err := ddb.PutItem(t.Context(), client, table, start, ddb.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	var u ddb.Update
	u.Set("status", ddb.S("shipped")).Set("name", ddb.S("new name")).Add("count", ddb.NInt(2)).
		Add("total", ddb.NInt(5)).Delete("data", &types.AttributeValueMemberSS{Value: []string{"b"}}).Remove("date")
	got, err := ddb.UpdateItem(t.Context(), client, table, thingKey("p", 1), &u, ddb.UpdateOptions{KeyAttrs: []string{"pk", "sk"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"status": "shipped", "name": "new name", "count": "3", "total": "15"}
	for a, w := range want {
		var s string
		switch v := got[a].(type) {
		case *types.AttributeValueMemberS:
			s = v.Value
		case *types.AttributeValueMemberN:
			s = v.Value
		}
		if s != w {
			t.Errorf("%s = %v, want %s", a, got[a], w)
		}
	}
	if ss := got["data"].(*types.AttributeValueMemberSS).Value; len(ss) != 2 {
		t.Errorf("data = %v, want b deleted from the set", ss)
	}
	if _, ok := got["date"]; ok {
		t.Error("date was not removed")
	}
}

func TestUpdateItemLastActionPerAttributeWins(t *testing.T) {
	var u ddb.Update
	u.Set("status", ddb.S("a")).Remove("status").Add("count", ddb.NInt(1))
	var b ddb.Builder
	if got, want := u.Expression(&b), "ADD #n1 :v0 REMOVE #n0"; got != want {
		t.Fatalf("expression %q, want %q", got, want)
	}
	if b.Names()["#n0"] != "status" || b.Names()["#n1"] != "count" {
		t.Fatalf("names %v", b.Names())
	}
}

func TestUpdateItemMissingIsErrNotFoundUnlessUpsert(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	var u ddb.Update
	u.Set("status", ddb.S("x"))
	_, err := ddb.UpdateItem(t.Context(), client, table, thingKey("p", 9), &u, ddb.UpdateOptions{KeyAttrs: []string{"pk", "sk"}})
	if !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("update of a missing item: %v, want ErrNotFound", err)
	}
	got, err := ddb.UpdateItem(t.Context(), client, table, thingKey("p", 9), &u, ddb.UpdateOptions{KeyAttrs: []string{"pk", "sk"}, Upsert: true})
	if err != nil || got["status"].(*types.AttributeValueMemberS).Value != "x" {
		t.Fatalf("upsert: %v, %v", got, err)
	}
}

func TestUpdateItemVersioned(t *testing.T) {
	client, table := newTestTable(t, pkSKSchema)
	if err := ddb.PutItem(t.Context(), client, table, thing("p", 1, "version", ddb.NInt(1)), ddb.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	opts := func(prev int64) ddb.UpdateOptions {
		return ddb.UpdateOptions{KeyAttrs: []string{"pk", "sk"}, VersionAttr: "version", PrevVersion: ddb.NInt(prev)}
	}
	var u ddb.Update
	u.Set("status", ddb.S("a"))
	got, err := ddb.UpdateItem(t.Context(), client, table, thingKey("p", 1), &u, opts(1))
	if err != nil {
		t.Fatal(err)
	}
	if v := got["version"].(*types.AttributeValueMemberN).Value; v != "2" {
		t.Fatalf("version after update %s, want 2", v)
	}
	if u.Has("version") {
		t.Fatal("UpdateItem changed the caller's Update")
	}
	_, err = ddb.UpdateItem(t.Context(), client, table, thingKey("p", 1), &u, opts(1))
	if !errors.Is(err, ddb.ErrVersionConflict) || errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("stale update: %v, want ErrVersionConflict only", err)
	}
	_, err = ddb.UpdateItem(t.Context(), client, table, thingKey("p", 2), &u, opts(1))
	if !errors.Is(err, ddb.ErrNotFound) || errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("update of a missing item: %v, want ErrNotFound only", err)
	}
	var bad ddb.Update
	bad.Set("version", ddb.NInt(100))
	if _, err := ddb.UpdateItem(t.Context(), client, table, thingKey("p", 1), &bad, opts(2)); err == nil || !strings.Contains(err.Error(), "managed by optimistic locking") {
		t.Fatalf("setting the version directly: %v", err)
	}
	if _, err := ddb.UpdateItem(t.Context(), client, table, thingKey("p", 1), &ddb.Update{}, ddb.UpdateOptions{KeyAttrs: []string{"pk"}}); err == nil || !strings.Contains(err.Error(), "empty update") {
		t.Fatalf("empty update: %v", err)
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
