package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func TestCreateGetPutWithOptimisticLocking(t *testing.T) {
	s := orderStore(t)
	ctx := t.Context()
	o := Order{CustomerID: "c1", OrderDate: "2024-05-01", Status: "new", Total: 12.5, Tags: []string{"a"}, Note: ptr("hi")}
	if err := s.Create(ctx, &o); err != nil {
		t.Fatal(err)
	}
	if o.Version != 1 {
		t.Fatalf("version after Create = %d, want 1", o.Version)
	}
	dup := o
	dup.Version = 0
	if err := s.Create(ctx, &dup); !errors.Is(err, ddb.ErrConditionFailed) || dup.Version != 0 {
		t.Fatalf("second Create: %v (version %d), want ErrConditionFailed and the version untouched", err, dup.Version)
	}

	got, err := s.Get(ctx, "c1", "2024-05-01", ddb.ConsistentRead())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, o) {
		t.Fatalf("Get = %+v, want %+v", *got, o)
	}

	// Two writers start from version 1; the second loses.
	a, b := *got, *got
	a.Status = "paid"
	if err := s.Put(ctx, &a); err != nil || a.Version != 2 {
		t.Fatalf("first writer: %v (version %d)", err, a.Version)
	}
	b.Status = "cancelled"
	err = s.Put(ctx, &b)
	if !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("second writer: %v, want ErrVersionConflict", err)
	}
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("the SDK error is not reachable from %v", err)
	}
	if b.Version != 1 {
		t.Fatalf("a failed Put left version %d, want 1", b.Version)
	}
	got, _ = s.Get(ctx, "c1", "2024-05-01", ddb.ConsistentRead())
	if got.Status != "paid" || got.Version != 2 {
		t.Fatalf("stored %+v, want the first writer's", got)
	}

	// Put of a new item at version 0 creates it; at version 0 again it conflicts.
	n := Order{CustomerID: "c1", OrderDate: "2024-06-01", Status: "new"}
	if err := s.Put(ctx, &n); err != nil || n.Version != 1 {
		t.Fatalf("Put new: %v (version %d)", err, n.Version)
	}
	n.Version = 0
	if err := s.Put(ctx, &n); !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("Put at version 0 over an existing item: %v, want ErrVersionConflict", err)
	}
}

func TestGetMissingIsErrNotFound(t *testing.T) {
	s := orderStore(t)
	_, err := s.Get(t.Context(), "nobody", "never")
	if !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("error %v, want ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), `customer_id=S:"nobody"`) {
		t.Fatalf("message %q does not name the key", err)
	}
}

func TestDeleteAndDeleteVersion(t *testing.T) {
	s := orderStore(t)
	ctx := t.Context()
	o := Order{CustomerID: "c", OrderDate: "d", Status: "new"}
	if err := s.Create(ctx, &o); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteVersion(ctx, "c", "d", 7); !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("DeleteVersion at a wrong version: %v", err)
	}
	if err := s.DeleteVersion(ctx, "c", "d", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "c", "d", ddb.ConsistentRead()); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("after DeleteVersion: %v", err)
	}
	if err := s.Delete(ctx, "c", "d"); err != nil {
		t.Fatalf("Delete of a missing item: %v, want success", err)
	}
	if err := s.Create(ctx, &Order{CustomerID: "c", OrderDate: "e", Status: "new"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "c", "e"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "c", "e", ddb.ConsistentRead()); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
}

func TestTypedUpdateWithVersion(t *testing.T) {
	s := orderStore(t)
	ctx := t.Context()
	o := Order{CustomerID: "c", OrderDate: "d", Status: "new", Total: 10, Tags: []string{"a", "b"}, Note: ptr("n"), Notes: "x"}
	if err := s.Create(ctx, &o); err != nil {
		t.Fatal(err)
	}
	got, err := s.Update(ctx, "c", "d", 1,
		OrderAttrs.Status.Set("shipped"), OrderAttrs.Total.Add(2.5), OrderAttrs.Tags.Add("c"),
		OrderAttrs.Note.Remove(), OrderAttrs.Notes.Set(""), // omitempty: an empty value removes the attribute
	)
	if err != nil {
		t.Fatal(err)
	}
	want := Order{CustomerID: "c", OrderDate: "d", Status: "shipped", Total: 12.5, Version: 2}
	slices.Sort(got.Tags)
	if got.Note != nil || got.Notes != "" || !reflect.DeepEqual(got.Tags, []string{"a", "b", "c"}) {
		t.Fatalf("updated %+v", got)
	}
	got.Tags = nil
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("updated %+v, want %+v", *got, want)
	}
	got, err = s.Update(ctx, "c", "d", 2, OrderAttrs.Tags.Delete("a", "c"))
	if err != nil || !reflect.DeepEqual(got.Tags, []string{"b"}) || got.Version != 3 {
		t.Fatalf("after DeleteTags: %+v, %v", got, err)
	}
	if _, err := s.Update(ctx, "c", "d", 1, OrderAttrs.Status.Set("late")); !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("stale update: %v, want ErrVersionConflict", err)
	}
	if _, err := s.Update(ctx, "c", "zzz", 1, OrderAttrs.Status.Set("x")); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("update of a missing item: %v, want ErrNotFound", err)
	}
	// The version is managed, and table keys cannot be updated: refused
	// before anything is sent.
	for _, a := range []ddb.Action{OrderAttrs.Version.Set(9), OrderAttrs.CustomerID.Set("x"), OrderAttrs.OrderDate.Remove()} {
		if _, err := s.Update(ctx, "c", "d", 3, a); !errors.Is(err, ddb.ErrInvalidInput) {
			t.Fatalf("update with %v: %v, want ErrInvalidInput", a, err)
		}
	}
	if got, _ := s.Get(ctx, "c", "d", ddb.ConsistentRead()); got.Version != 3 {
		t.Fatalf("a refused update wrote: %+v", got)
	}
}

func TestTypedUpdateWithoutVersion(t *testing.T) {
	client, name := newTable(t, CounterSchema)
	s := NewCounterStore(storeAPI(client), name)
	ctx := t.Context()
	if _, err := s.Update(ctx, "c1", CounterAttrs.Hits.Add(1)); !errors.Is(err, ddb.ErrNotFound) {
		t.Fatalf("update of a missing counter: %v, want ErrNotFound", err)
	}
	got, err := s.Update(ctx, "c1", ddb.Upsert(), CounterAttrs.Hits.Add(3), CounterAttrs.Peak.Add(7), CounterAttrs.Seen.Add(1, 2),
		CounterAttrs.Label.Set("l"), CounterAttrs.Meta.Set(map[string]string{"k": "v"}))
	if err != nil {
		t.Fatal(err)
	}
	if got.Hits != 3 || got.Peak == nil || *got.Peak != 7 || got.Label != "l" || got.Meta["k"] != "v" {
		t.Fatalf("after upsert: %+v", got)
	}
	got, err = s.Update(ctx, "c1", CounterAttrs.Hits.Add(-1), CounterAttrs.Seen.Delete(1), CounterAttrs.Peak.Remove(), CounterAttrs.Label.Remove(),
		CounterAttrs.Meta.Key("k2").Set("v2"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Hits != 2 || got.Peak != nil || !reflect.DeepEqual(got.Seen, []int{2}) || got.Label != "" || !reflect.DeepEqual(got.Meta, map[string]string{"k": "v", "k2": "v2"}) {
		t.Fatalf("after update: %+v", got)
	}
	raw, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(name), Key: CounterKey{ID: "c1"}.attributes()})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := raw.Item["peak"]; ok {
		t.Fatalf("peak stored as %#v, want it removed", raw.Item["peak"])
	}
	if _, err := s.Update(ctx, "c1"); !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "empty update") {
		t.Fatalf("empty update: %v", err)
	}
	// Create-only Put on a table without version.
	if err := s.Create(ctx, &Counter{ID: "c1"}); !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatalf("Create over an existing counter: %v", err)
	}
	if err := s.Put(ctx, &Counter{ID: "c1", Hits: 100}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Get(ctx, "c1", ddb.ConsistentRead()); c.Hits != 100 || c.Label != "" {
		t.Fatalf("Put did not replace the item: %+v", c)
	}
}

func TestStoredItemsAreInterchangeableWithAttributevalue(t *testing.T) {
	client, name := newTable(t, OrderSchema)
	s := NewOrderStore(storeAPI(client), name)
	ctx := t.Context()
	o := Order{CustomerID: "c", OrderDate: "d", Status: "s", Total: 1.25, Tags: []string{"x"}, Note: ptr(""), ExpiresAt: 1700000000}
	if err := s.Create(ctx, &o); err != nil {
		t.Fatal(err)
	}
	raw, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(name), Key: OrderKeyOf(&o).attributes()})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := attributevalue.MarshalMap(&o)
	if !reflect.DeepEqual(raw.Item, want) {
		t.Fatalf("stored item %v\nattributevalue item %v", raw.Item, want)
	}
	var back Order
	if err := attributevalue.UnmarshalMap(raw.Item, &back); err != nil || !reflect.DeepEqual(back, o) {
		t.Fatalf("attributevalue reads %+v, %v; want %+v", back, err, o)
	}
}

func TestBatchWriteAndBatchGet(t *testing.T) {
	s := orderStore(t)
	ctx := t.Context()
	var orders []Order
	for i := range 130 {
		orders = append(orders, Order{CustomerID: "c", OrderDate: date(i), Status: "new", Total: float64(i)})
	}
	if err := s.BatchPut(ctx, orders); err != nil {
		t.Fatal(err)
	}
	var keys []OrderKey
	for i := 129; i >= 0; i-- {
		keys = append(keys, OrderKey{CustomerID: "c", OrderDate: date(i)})
	}
	keys = append(keys, OrderKey{CustomerID: "nobody", OrderDate: "x"})
	got, err := s.BatchGet(ctx, keys, ddb.ConsistentRead())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 130 || got[0].OrderDate != date(129) || got[129].OrderDate != date(0) {
		t.Fatalf("BatchGet returned %d items, first %q", len(got), got[0].OrderDate)
	}
	// Delete 100, rewrite one: BatchWrite mixes puts and deletes.
	var dels []OrderKey
	for i := range 100 {
		dels = append(dels, OrderKey{CustomerID: "c", OrderDate: date(i)})
	}
	orders[120].Status = "rewritten"
	if err := s.BatchWrite(ctx, orders[120:121], dels); err != nil {
		t.Fatal(err)
	}
	all := collect(t, s.Query("c", ddb.ConsistentRead()).All(ctx))
	if len(all) != 30 {
		t.Fatalf("%d items left, want 30", len(all))
	}
	if o, _ := s.Get(ctx, "c", date(120)); o.Status != "rewritten" {
		t.Fatalf("item 120 = %+v", o)
	}
}

// failingWriter lets the first call through and then reports every item as
// unprocessed, to check which inputs the store says were not written.
type failingWriter struct {
	ddb.API
	calls int
}

func (f *failingWriter) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	f.calls++
	if f.calls == 1 {
		return f.API.BatchWriteItem(ctx, in, o...)
	}
	return &dynamodb.BatchWriteItemOutput{UnprocessedItems: in.RequestItems}, nil
}

func TestBatchWriteReportsUnwrittenPutsAndDeletes(t *testing.T) {
	client, name := newTable(t, OrderSchema)
	s := NewOrderStore(&failingWriter{API: client}, name)
	var puts []Order
	for i := range 30 {
		puts = append(puts, Order{CustomerID: "c", OrderDate: date(i), Status: "new"})
	}
	dels := []OrderKey{{CustomerID: "c", OrderDate: "gone"}}
	err := s.BatchWrite(t.Context(), puts, dels, ddb.WithMaxAttempts(2), ddb.WithBackoff(1, 1))
	var bw *ddb.BatchWriteError
	if !errors.As(err, &bw) {
		t.Fatalf("error %v, want *ddb.BatchWriteError", err)
	}
	// The first 25 puts went through; puts 25..29 and the delete (index 30) did not.
	if want := []int{25, 26, 27, 28, 29, 30}; !reflect.DeepEqual(bw.Unwritten, want) {
		t.Fatalf("Unwritten %v, want %v", bw.Unwritten, want)
	}
}

func TestOpenStoreReadsTheLinkVariable(t *testing.T) {
	client, name := newTable(t, OrderSchema)
	t.Setenv("STLV_ORDERS_TABLE_NAME", "")
	if _, err := OpenOrderStore(client); err == nil || !strings.Contains(err.Error(), "STLV_ORDERS_TABLE_NAME") {
		t.Fatalf("without the variable: %v, want an error naming STLV_ORDERS_TABLE_NAME", err)
	}
	if _, err := OpenOrderReadOnlyStore(client); err == nil || !strings.Contains(err.Error(), "STLV_ORDERS_TABLE_NAME") {
		t.Fatalf("read-only without the variable: %v", err)
	}
	t.Setenv("STLV_ORDERS_TABLE_NAME", name)
	s, err := OpenOrderStore(client)
	if err != nil || s.TableName() != name {
		t.Fatalf("OpenOrderStore: %v, table %q", err, s.TableName())
	}
	if err := s.Create(t.Context(), &Order{CustomerID: "c", OrderDate: "d", Status: "new"}); err != nil {
		t.Fatal(err)
	}
}

// readOnly implements ddb.ReadAPI and nothing else.
type readOnly struct{ ddb.ReadAPI }

func TestReadOnlyStoreCannotWrite(t *testing.T) {
	client, name := newTable(t, OrderSchema)
	if err := NewOrderStore(storeAPI(client), name).Create(t.Context(), &Order{CustomerID: "c", OrderDate: "d", Status: "s"}); err != nil {
		t.Fatal(err)
	}
	// A client limited to reads is enough for the read-only store...
	ro := NewOrderReadOnlyStore(readOnly{client}, name)
	if _, err := ro.Get(t.Context(), "c", "d"); err != nil {
		t.Fatal(err)
	}
	if n := len(collect(t, ro.QueryStatusTotalIndex("s").All(t.Context()))); n != 1 {
		t.Fatalf("GSI query through the read-only store: %d items", n)
	}
	// ...and the type has no write method at all.
	typ := reflect.TypeFor[OrderReadOnlyStore]()
	for i := range typ.NumMethod() {
		m := typ.Method(i).Name
		if !slices.Contains([]string{"Get", "BatchGet", "TxGet", "Query", "QueryStatusIndex", "QueryStatusTotalIndex", "Scan", "ScanStatusIndex", "ScanStatusTotalIndex", "TableName"}, m) {
			t.Errorf("read-only store has method %s", m)
		}
	}
	// A read-write store is a read-only one.
	var _ OrderReadOnlyStore = NewOrderStore(storeAPI(client), name)
	// Behind the interface is a store whose writes fail: reaching them takes a
	// type assertion, and even then nothing is written.
	if err := ro.(*OrderStore).Put(t.Context(), &Order{CustomerID: "c", OrderDate: "x", Status: "s"}); !errors.Is(err, ddb.ErrInvalidInput) {
		t.Fatalf("write through an asserted read-only store: %v", err)
	}
}

func date(i int) string { return fmt.Sprintf("2024-01-01#%03d", i) }
