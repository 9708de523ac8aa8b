package ddb_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// missingPathError checks that err is ErrMissingPath (and ErrInvalidInput)
// and that its message names the path, its parent and the way out.
func missingPathError(t *testing.T, what string, err error, path, parent string) {
	t.Helper()
	if !errors.Is(err, ddb.ErrMissingPath) || !errors.Is(err, ddb.ErrInvalidInput) {
		t.Errorf("%s: %v, want ErrMissingPath and ErrInvalidInput", what, err)
		return
	}
	msg := err.Error()
	for _, want := range []string{"holds the path: " + path, "no map or list " + parent + " ", "Set the whole attribute first"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%s: message %q does not say %q", what, msg, want)
		}
	}
}

// Setting a member of a map the item lacks (or holds as NULL), or an element
// of a missing list, is refused by DynamoDB with a raw "The document path
// provided in the update expression is invalid for update"
// (ValidationException); it is ErrMissingPath, naming the path and how to
// create the map.
func TestUpdateOfAPathWithoutItsMap(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "c", SK: 1, Note: "n"})
	if _, err := s.client.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(s.name),
		Item: thing("c", 2, "meta", &types.AttributeValueMemberNULL{Value: true})}); err != nil {
		t.Fatal(err)
	}
	before1, before2 := s.raw("c", 1), s.raw("c", 2)

	_, err := s.update("c", 1, W.Meta.Key("k").Set("v"))
	missingPathError(t, "Update of a missing map", err, "meta.k", "meta")
	_, err = s.update("c", 2, W.Meta.Key("k").Set("v"))
	missingPathError(t, "Update of a NULL map", err, "meta.k", "meta")
	_, err = s.update("c", 1, W.Addr.City.Set("Rome"), W.Note.Set("m"))
	missingPathError(t, "Update of a missing nested struct", err, "addr.city", "addr")
	_, err = s.update("c", 1, W.Items.At(0).Set("x"))
	missingPathError(t, "Update of an element of a missing list", err, "items[0]", "items")
	err = ddb.WriteTx(t.Context(), s.client, ddb.TxUpdate(&s.w, widgetKey("c", 1), []ddb.UpdateOption{W.Meta.Key("k").Set("v")}))
	missingPathError(t, "TxUpdate of a missing map", err, "meta.k", "meta")
	if !reflect.DeepEqual(s.raw("c", 1), before1) || !reflect.DeepEqual(s.raw("c", 2), before2) {
		t.Fatal("a refused update wrote")
	}
	// The raw error stays reachable; updates of top-level attributes are
	// not concerned, nor is a missing item (ErrNotFound).
	var api interface{ ErrorCode() string }
	if !errors.As(err, &api) || api.ErrorCode() != "ValidationException" {
		t.Errorf("%v does not wrap DynamoDB's ValidationException", err)
	}
	if _, err := s.update("c", 9, W.Meta.Key("k").Set("v")); !errors.Is(err, ddb.ErrNotFound) || errors.Is(err, ddb.ErrMissingPath) {
		t.Errorf("update of a missing item: %v, want ErrNotFound", err)
	}

	// The documented way: create the map whole (keeping one made meanwhile),
	// then set its members.
	_, err = s.update("c", 1, W.Meta.Set(map[string]string{"k": "v"}), ddb.If(W.Meta.NotExists()))
	if err != nil {
		t.Fatalf("create the map: %v", err)
	}
	got, err := s.update("c", 1, W.Meta.Key("k2").Set("v2"))
	if err != nil || !reflect.DeepEqual(got.Meta, map[string]string{"k": "v", "k2": "v2"}) {
		t.Fatalf("set a member: %+v, %v", got, err)
	}
	// An element beyond the end of an existing list is appended, as DynamoDB
	// does: no error.
	s.put(&widget{PK: "c", SK: 3, Items: []string{"a"}})
	got, err = s.update("c", 3, W.Items.At(5).Set("z"))
	if err != nil || !slices.Equal(got.Items, []string{"a", "z"}) {
		t.Fatalf("set beyond the end of a list: %+v, %v", got, err)
	}
}

// DynamoDB does not say which nested path it refused: the ErrMissingPath
// message names every path and every parent once, as "one of" when there are
// several, and in a transaction the actions that hold nested paths.
func TestMissingPathMessageIsExact(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "m", SK: 1, Note: "n"})
	s.put(&widget{PK: "m", SK: 2, Addr: &address{City: "Oslo"}})
	want := func(what string, err error, msg string) {
		t.Helper()
		if !errors.Is(err, ddb.ErrMissingPath) || !errors.Is(err, ddb.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrMissingPath and ErrInvalidInput", what, err)
			return
		}
		if !strings.Contains(err.Error(), msg) {
			t.Errorf("%s:\n got %q\nwant it to hold %q", what, err, msg)
		}
	}
	_, err := s.update("m", 1, W.Meta.Key("k").Set("v"))
	want("one path", err, ": no map or list holds the path: meta.k: the stored item has no map or list meta (it is missing")
	_, err = s.update("m", 1, W.Meta.Key("a").Set("1"), W.Meta.Key("b").Set("2"))
	want("two paths, one parent", err, ": no map or list holds the path: one of meta.a, meta.b (DynamoDB does not say which): the stored item has no map or list meta (it is missing")
	_, err = s.update("m", 2, W.Addr.City.Set("Rome"), W.Meta.Key("w").Set("1"), W.Meta.Key("v").Set("2"))
	want("two parents", err, ": no map or list holds the path: one of addr.city, meta.w, meta.v (DynamoDB does not say which): the stored item has no map or list at one of addr, meta (it is missing")
	err = ddb.WriteTx(t.Context(), s.client,
		ddb.TxUpdate(&s.w, widgetKey("m", 1), []ddb.UpdateOption{W.Meta.Key("x").Set("v")}),
		ddb.TxUpdate(&s.w, widgetKey("m", 2), []ddb.UpdateOption{W.Note.Set("n")}),
		ddb.TxUpdate(&s.w, widgetKey("m", 3), []ddb.UpdateOption{W.Meta.Key("x").Set("v"), ddb.Upsert()}))
	want("transaction", err, "no map or list holds the path: meta.x in one of action 0 (Update "+s.name+" "+ddb.FormatKey(widgetKey("m", 1))+"), action 2 (Update "+s.name+" "+ddb.FormatKey(widgetKey("m", 3))+`) (DynamoDB does not say which): the stored item has no map or list meta (it is missing`)
}
